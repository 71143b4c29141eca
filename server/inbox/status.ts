// Message status precedence. A status only ever moves up this ladder, so a late or replayed
// lower status never downgrades a message; "failed" is terminal and keeps Meta's error.
// db/migrations/0002 mirrors these ranks in the SQL function parley_status_rank.

export const STATUS_RANK = { pending: 0, sent: 10, delivered: 20, read: 30, played: 35, failed: 40 } as const;
export type MessageStatus = keyof typeof STATUS_RANK;

export function statusRank(status: string): number {
  return STATUS_RANK[status as MessageStatus] ?? 0;
}

/** The status columns of a message or campaign contact set to `status` (knex update/insert). */
export function statusColumns(status: MessageStatus): { status: MessageStatus; status_rank: number } {
  return { status, status_rank: STATUS_RANK[status] };
}

/** Whether an incoming status should replace the current one. */
export function shouldApplyStatus(current: string, incoming: string): boolean {
  return statusRank(incoming) > statusRank(current);
}

/** The status a message ends with after a set of updates in any order. */
export function finalStatus(current: string, updates: readonly string[]): string {
  return updates.reduce((acc, s) => (shouldApplyStatus(acc, s) ? s : acc), current);
}

/** SQL: the highest status of each message among `source`'s rows (external_id, status, error_code, error_title, status_at). */
export const bestStatusOf = (source: string) => `
    select distinct on (external_id) external_id, status, parley_status_rank(status) as rank, error_code, error_title, status_at
      from ${source} order by external_id, parley_status_rank(status) desc, status_at desc`;
