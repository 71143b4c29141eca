import type { AppContext } from '../context.ts';
import { defineRoute, type RouteDef } from '../http/route.ts';
import { idParam } from '../http/schemas.ts';
import { actorOf } from '../audit/record.ts';
import { sessionView } from '../auth/present.ts';
import { acceptInvite, createInvite, lookupInvite, reissueInvite, revokeInvite } from './invites.ts';
import { changeRole, managedBy, removeMember } from './members.ts';
import {
  inviteLookupView, invitePath, memberView, newInviteView, presentInvite, presentMember, removedView, teamView,
} from './present.ts';
import { listMembers, listPendingInvites } from './queries.ts';
import { acceptInviteBody, inviteBody, inviteLookupBody, roleBody } from './schema.ts';

export function teamRoutes(ctx: AppContext): RouteDef[] {
  const withCreator = async (workspaceId: string, id: string) => (await listPendingInvites(ctx.db, workspaceId)).find((i) => i.id === id);
  return [
    defineRoute({
      method: 'get',
      path: '/api/team',
      tag: 'team',
      summary: 'The people on the team (name, email, role, availability, last sign-in) and the pending invites',
      response: teamView,
      handler: async ({ req }) => {
        const ws = req.auth!.workspaceId;
        const [members, invites] = await Promise.all([listMembers(ctx.db, ws), listPendingInvites(ctx.db, ws)]);
        return { members: members.map((m) => presentMember(m, managedBy(ctx, m))), invites: invites.map((i) => presentInvite(i)) };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/team/invites',
      tag: 'team',
      summary: 'Invite someone by email as admin or agent: local mode answers the single-use link (valid 7 days, shown once); 409 if the email is on the team or invited',
      body: inviteBody,
      response: newInviteView,
      handler: async ({ body, req, res }) => {
        const { invite, token } = await createInvite(ctx, actorOf(req), req.auth!.workspaceId, body);
        res.status(201);
        return { invite: presentInvite({ ...invite, created_by_email: req.auth!.email }), path: invitePath(token) };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/team/invites/:id/reissue',
      tag: 'team',
      summary: 'A new link for a pending or expired invite, valid 7 days; the old link stops working',
      params: idParam,
      response: newInviteView,
      handler: async ({ params, req }) => {
        const { token } = await reissueInvite(ctx, actorOf(req), req.auth!.workspaceId, params.id);
        return { invite: presentInvite((await withCreator(req.auth!.workspaceId, params.id))!), path: invitePath(token) };
      },
    }),
    defineRoute({
      method: 'delete',
      path: '/api/team/invites/:id',
      tag: 'team',
      summary: 'Revoke a pending invite: its link stops working (409 if already accepted or revoked)',
      params: idParam,
      handler: async ({ params, req }) => {
        await revokeInvite(ctx, actorOf(req), req.auth!.workspaceId, params.id);
      },
    }),
    defineRoute({
      method: 'put',
      path: '/api/team/members/:id/role',
      tag: 'team',
      summary: 'Make someone an admin or an agent; 409 for your own role, the last admin, or a role set by ADMIN_EMAILS/AGENT_EMAILS',
      params: idParam,
      body: roleBody,
      response: memberView,
      handler: async ({ params, body, req }) => {
        const m = await changeRole(ctx, actorOf(req), req.auth!.workspaceId, params.id, body.role);
        return presentMember(m, managedBy(ctx, m));
      },
    }),
    defineRoute({
      method: 'delete',
      path: '/api/team/members/:id',
      tag: 'team',
      summary: 'Remove someone: their sessions end at once and their conversations become unassigned; 409 for yourself or the last admin',
      params: idParam,
      response: removedView,
      handler: ({ params, req }) => removeMember(ctx, actorOf(req), req.auth!.workspaceId, params.id),
    }),
    defineRoute({
      method: 'post',
      path: '/api/invites/lookup',
      tag: 'team',
      summary: "The invite behind a link (email, role, workspace); 404 unknown, 410 used, revoked or expired",
      auth: false,
      body: inviteLookupBody,
      response: inviteLookupView,
      handler: async ({ body }) => {
        const found = await lookupInvite(ctx, body.token);
        return { ...found, expiresAt: found.expiresAt.toISOString() };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/invites/accept',
      tag: 'team',
      summary: 'Accept an invite (local mode): choose a name and password, and get a signed-in session; the link works once',
      auth: false,
      body: acceptInviteBody,
      response: sessionView,
      handler: ({ body }) => acceptInvite(ctx, body.token, { name: body.name, password: body.password }),
    }),
  ];
}
