// Plans the status webhooks of one accepted message (pure): which of sent/delivered/read (or
// failed) happen, when each event occurs (its `timestamp`), and when each is handed to the
// batcher (its due time). Out-of-order reverses the due times but keeps true event times, which
// is what a receiver sees when Meta's concurrent deliveries overtake each other (META-PLATFORM
// 1.5); duplicates are a second copy of an update, as retries to several apps produce.
import { chance, type Rng } from '../rng.ts';

export type StatusName = 'sent' | 'delivered' | 'read' | 'failed';

export interface PlannedStatus {
  status: StatusName;
  /** When the event happened (ms). */
  eventAt: number;
  /** When to emit it (ms). */
  dueAt: number;
  /** `pricing` (and v23 `conversation`) ride on sent and on the first of delivered/read. */
  billing: boolean;
  duplicate: boolean;
}

export interface PlanInput {
  acceptedAt: number;
  delays: { sent: number; delivered: number; read: number };
  readRate: number;
  skipDeliveredRate: number;
  outOfOrder: number;
  duplicateRate: number;
  /** The message fails asynchronously instead (131026, async 131047). */
  failed: boolean;
}

export function planStatuses(p: PlanInput, rng: Rng): PlannedStatus[] {
  const at = (ms: number) => p.acceptedAt + ms;
  const plan: PlannedStatus[] = [];
  if (p.failed) {
    plan.push({ status: 'failed', eventAt: at(p.delays.sent), dueAt: at(p.delays.sent), billing: false, duplicate: false });
  } else {
    plan.push({ status: 'sent', eventAt: at(p.delays.sent), dueAt: at(p.delays.sent), billing: true, duplicate: false });
    const read = chance(rng, p.readRate);
    const delivered = !(read && chance(rng, p.skipDeliveredRate));
    if (delivered) plan.push({ status: 'delivered', eventAt: at(p.delays.delivered), dueAt: at(p.delays.delivered), billing: true, duplicate: false });
    if (read) plan.push({ status: 'read', eventAt: at(p.delays.read), dueAt: at(p.delays.read), billing: !delivered, duplicate: false });
    if (plan.length > 1 && chance(rng, p.outOfOrder)) {
      const dues = plan.map((s) => s.dueAt).reverse();
      // Strictly later than the natural order's last, so the reversal survives batching ties.
      plan.forEach((s, i) => (s.dueAt = dues[i] + (plan.length - 1 - i)));
    }
  }
  const n = plan.length;
  for (let i = 0; i < n; i++) {
    if (chance(rng, p.duplicateRate)) plan.push({ ...plan[i], dueAt: plan[i].dueAt + 1, duplicate: true });
  }
  return plan;
}
