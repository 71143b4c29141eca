import { z } from 'zod';
import type { LedgerRow } from './service.ts';

// Credits as the API shows them: camelCase. The frontend imports these types.

export const ledgerEntryView = z.object({
  /** A bigint, as a string. */
  id: z.string(),
  /** Positive for a top-up, negative for a charge or a correction. */
  delta: z.number(),
  /** "AI reply", "admin top-up" or "admin: <the note given>". */
  reason: z.string(),
  /** The AI reply charged (a bigint, as a string); null for an admin change. */
  replyLogId: z.string().nullable(),
  createdAt: z.string(),
});
export type LedgerEntryView = z.infer<typeof ledgerEntryView>;

export const balanceView = z.object({ balance: z.number() });
export type BalanceView = z.infer<typeof balanceView>;

export const creditsView = balanceView.extend({
  /** The last 50 changes, newest first. */
  ledger: z.array(ledgerEntryView),
});
export type CreditsView = z.infer<typeof creditsView>;

export function presentLedgerEntry(e: LedgerRow): LedgerEntryView {
  return { id: e.id, delta: e.delta, reason: e.reason, replyLogId: e.reply_log_id, createdAt: e.created_at.toISOString() };
}
