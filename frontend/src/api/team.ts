import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { qs } from '../lib/query.ts';
import { api } from './client.ts';
import { useMe } from './queries.ts';
import type { AuditPageView, AuditEntryView } from '../../../server/audit/present.ts';
import type { InviteLookupView, InviteView, MemberView, NewInviteView, TeamView } from '../../../server/team/present.ts';

// The response types are the server's presenters (type-only imports: nothing of the server is bundled).
export type { AuditEntryView, InviteLookupView, InviteView, MemberView, NewInviteView };
export type Role = MemberView['role'];

const TEAM = 'team';
const AUDIT = 'audit';

/** The signed-in user's role: undefined while /api/me loads. */
export function useRole(): Role | 'revoked' | undefined {
  return useMe().data?.user.role as Role | undefined;
}

export function useTeam() {
  return useQuery({ queryKey: [TEAM], queryFn: ({ signal }) => api<TeamView>('/team', { signal }) });
}

/** Every team change is also an audit entry: both views refetch. */
function useTeamMutation<V, R>(fn: (v: V) => Promise<R>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSettled: () => Promise.all([queryClient.invalidateQueries({ queryKey: [TEAM] }), queryClient.invalidateQueries({ queryKey: [AUDIT] })]),
  });
}

export const useInvite = () => useTeamMutation((body: { email: string; role: Role; name?: string }) => api<NewInviteView>('/team/invites', { method: 'POST', body }));
export const useReissueInvite = () => useTeamMutation((id: string) => api<NewInviteView>(`/team/invites/${id}/reissue`, { method: 'POST' }));
export const useRevokeInvite = () => useTeamMutation((id: string) => api<void>(`/team/invites/${id}`, { method: 'DELETE' }));
export const useChangeRole = () => useTeamMutation(({ id, role }: { id: string; role: Role }) => api<MemberView>(`/team/members/${id}/role`, { method: 'PUT', body: { role } }));
export const useRemoveMember = () => useTeamMutation((id: string) => api<{ unassignedConversations: number }>(`/team/members/${id}`, { method: 'DELETE' }));

/** The full link an admin copies: the dashboard's own address plus the invite's path. */
export const inviteLink = (path: string) => `${window.location.origin}${path}`;

export function useAudit(filters: { action: string; actorId: string }) {
  return useInfiniteQuery({
    queryKey: [AUDIT, filters],
    queryFn: ({ signal, pageParam }) =>
      api<AuditPageView>(`/audit${qs({ limit: 50, cursor: pageParam, action: filters.action || undefined, actorId: filters.actorId || undefined })}`, { signal }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
}

export const lookupInvite = (token: string) => api<InviteLookupView>('/invites/lookup', { method: 'POST', body: { token }, auth: false });
