// What the simulator was asked to do, for tests to assert on: per-recipient counts of every send
// (kept for the whole run, cheap) and the last N requests with bodies in a ring buffer (bounded,
// so a benchmark of millions of sends does not grow memory).
import { Ring } from './ring.ts';

export type Channel = 'whatsapp' | 'instagram' | 'messenger' | 'graph';
export type Outcome = 'accepted' | 'rejected' | 'timeout' | 'fault';

export interface LogEntry {
  seq: number;
  /** ms since epoch */
  at: number;
  method: string;
  path: string;
  channel: Channel;
  /** Phone number id, Page/IG account id, or WABA id the request addressed. */
  object_id: string | null;
  recipient: string | null;
  status: number;
  error_code: number | null;
  message_id: string | null;
  outcome: Outcome;
  body: unknown;
}

export interface RecipientCount {
  requests: number;
  accepted: number;
}

export type LogQuery = { recipient?: string | null; objectId?: string | null; limit?: number; outcome?: string | null };

export class RequestLog {
  private ring: Ring<LogEntry>;
  private seq = 0;
  /** object id -> recipient -> counts */
  private counts = new Map<string, Map<string, RecipientCount>>();

  constructor(size: number) {
    this.ring = new Ring(size);
  }

  record(e: Omit<LogEntry, 'seq'>): void {
    (e as LogEntry).seq = ++this.seq;
    this.ring.push(e as LogEntry);
    if (e.recipient === null || e.object_id === null) return;
    let byRecipient = this.counts.get(e.object_id);
    if (!byRecipient) this.counts.set(e.object_id, (byRecipient = new Map()));
    let c = byRecipient.get(e.recipient);
    if (!c) byRecipient.set(e.recipient, (c = { requests: 0, accepted: 0 }));
    c.requests++;
    // A timed-out send was still accepted (the client just never heard): it counts as sent.
    if (e.outcome === 'accepted' || (e.outcome === 'timeout' && e.message_id !== null)) c.accepted++;
  }

  get total(): number {
    return this.seq;
  }

  query(q: LogQuery) {
    const counts: Record<string, RecipientCount> = {};
    for (const [obj, byRecipient] of this.counts) {
      if (q.objectId && obj !== q.objectId) continue;
      for (const [r, c] of byRecipient) {
        if (q.recipient && r !== q.recipient) continue;
        const t = (counts[r] ??= { requests: 0, accepted: 0 });
        t.requests += c.requests;
        t.accepted += c.accepted;
      }
    }
    let entries = this.ring.toArray();
    if (q.objectId) entries = entries.filter((e) => e.object_id === q.objectId);
    if (q.recipient) entries = entries.filter((e) => e.recipient === q.recipient);
    if (q.outcome) entries = entries.filter((e) => e.outcome === q.outcome);
    const matched = entries.length;
    const limit = q.limit ?? 100;
    entries = limit > 0 ? entries.slice(-limit) : [];
    return {
      total_requests: this.seq,
      matched,
      counts,
      entries: entries.map((e) => ({ ...e, at: new Date(e.at).toISOString() })),
    };
  }

  clear(): void {
    this.ring.clear();
    this.counts.clear();
    this.seq = 0;
  }
}
