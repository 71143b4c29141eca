import { useState } from 'react';
import { useAudit, useTeam } from '../api/team.ts';
import { Button } from '../components/Button.tsx';
import { FILTER_INPUT } from '../components/Field.tsx';
import { EmptyState, ErrorNote, Loading } from '../components/Notes.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { formatDateTime } from '../lib/format.ts';
import { useTimeZone } from '../lib/useTimeZone.ts';
import { SettingsTabs } from './team/SettingsTabs.tsx';

/** Settings > Audit log: what admins did, newest first, by person or by action. */
export function AuditPage() {
  const [filters, setFilters] = useState({ action: '', actorId: '' });
  const audit = useAudit(filters);
  const members = useTeam().data?.members ?? [];
  const timeZone = useTimeZone();
  const entries = audit.data?.pages.flatMap((p) => p.items) ?? [];
  const actions = audit.data?.pages[0]?.actions ?? [];
  return (
    <>
      <PageHeader title="Audit log" description="Invites, role changes, removals, token updates, settings changes and deletions: who did what, and when." />
      <SettingsTabs />
      <div className="mb-4 flex flex-wrap gap-3">
        <label className="text-sm text-neutral-600">
          Action
          <select aria-label="Action" value={filters.action} onChange={(e) => setFilters((f) => ({ ...f, action: e.target.value }))} className={`${FILTER_INPUT} mt-1`}>
            <option value="">All actions</option>
            {actions.map((a) => (
              <option key={a} value={a}>
                {a}
              </option>
            ))}
          </select>
        </label>
        <label className="text-sm text-neutral-600">
          Person
          <select aria-label="Person" value={filters.actorId} onChange={(e) => setFilters((f) => ({ ...f, actorId: e.target.value }))} className={`${FILTER_INPUT} mt-1`}>
            <option value="">Everyone</option>
            {members.map((m) => (
              <option key={m.id} value={m.id}>
                {m.name ?? m.email}
              </option>
            ))}
          </select>
        </label>
      </div>
      <ErrorNote error={audit.error} />
      {audit.isPending && <Loading />}
      {audit.data && !entries.length && <EmptyState title="Nothing recorded yet">Admin actions appear here as they happen.</EmptyState>}
      {entries.length > 0 && (
        <div className="overflow-x-auto rounded-lg border border-neutral-200 bg-white">
          <table className="w-full text-left text-sm">
            <thead className="border-b border-neutral-200 text-xs uppercase tracking-wide text-neutral-500">
              <tr>
                <th className="px-4 py-2 font-medium">When</th>
                <th className="px-4 py-2 font-medium">Who</th>
                <th className="px-4 py-2 font-medium">Action</th>
                <th className="px-4 py-2 font-medium">Detail</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-neutral-100">
              {entries.map((e) => (
                <tr key={e.id}>
                  <td className="whitespace-nowrap px-4 py-2 text-neutral-500">{formatDateTime(e.createdAt, timeZone)}</td>
                  <td className="px-4 py-2">{e.actor ? (e.actor.name ?? e.actor.email ?? 'a removed user') : 'Parley'}</td>
                  <td className="whitespace-nowrap px-4 py-2 font-mono text-xs">{e.action}</td>
                  <td className="px-4 py-2 text-neutral-700">{e.detail ?? `${e.targetType}${e.targetId ? ` ${e.targetId}` : ''}`}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {audit.hasNextPage && (
        <div className="mt-3 flex justify-center">
          <Button disabled={audit.isFetchingNextPage} onClick={() => void audit.fetchNextPage()}>
            Load more
          </Button>
        </div>
      )}
    </>
  );
}
