// The messages the thread shows, whoever delivered them: the history page, the stream, the
// catch-up after a reconnect and the answer to the visitor's own POST can all bring the same
// message, so it is kept once by id. A message the visitor sends shows at once as pending and is
// replaced by the stored one when it comes back with the same clientId (from either path).

import type { WidgetMessageView } from '../../server/webchat/schema.ts';

export type PendingMessage = { clientId: string; text: string; failed: string | null };
export type ThreadItem = { key: string; message: WidgetMessageView; pending: null } | { key: string; message: null; pending: PendingMessage };

/** Message ids are bigints as decimal strings: a longer one is newer. */
export function compareIds(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}

/** A visitor's message keeps its key from pending to stored, so the view updates it in place. */
const keyOf = (m: WidgetMessageView) => (m.clientId && m.from === 'visitor' ? `c:${m.clientId}` : `m:${m.id}`);

export class ThreadStore {
  private readonly byId = new Map<string, WidgetMessageView>();
  private readonly pending = new Map<string, PendingMessage>();
  private sorted: WidgetMessageView[] | null = [];
  /** The server has older messages than the oldest held (from the last history page). */
  hasOlder = false;

  /** Adds messages (any order, any source); returns those not held before. */
  add(messages: readonly WidgetMessageView[]): WidgetMessageView[] {
    const added: WidgetMessageView[] = [];
    for (const message of messages) {
      if (message.clientId) this.pending.delete(message.clientId);
      if (this.byId.has(message.id)) continue;
      this.byId.set(message.id, message);
      added.push(message);
    }
    if (added.length) this.sorted = null;
    return added;
  }

  addPending(clientId: string, text: string): void {
    this.pending.set(clientId, { clientId, text, failed: null });
  }

  /** The send failed: the bubble says why and offers to retry. */
  failPending(clientId: string, reason: string): void {
    const p = this.pending.get(clientId);
    if (p) p.failed = reason;
  }

  retryPending(clientId: string): PendingMessage | null {
    const p = this.pending.get(clientId);
    if (p) p.failed = null;
    return p ?? null;
  }

  /** Stored messages oldest first, then the visitor's pending ones in the order sent. */
  items(): ThreadItem[] {
    const stored = this.messages().map((message) => ({ key: keyOf(message), message, pending: null }));
    const pending = [...this.pending.values()].map((p) => ({ key: `c:${p.clientId}`, message: null, pending: p }));
    return [...stored, ...pending];
  }

  messages(): WidgetMessageView[] {
    this.sorted ??= [...this.byId.values()].sort((a, b) => compareIds(a.id, b.id));
    return this.sorted;
  }

  get size(): number {
    return this.byId.size;
  }

  oldestId(): string | null {
    return this.messages()[0]?.id ?? null;
  }

  newestId(): string | null {
    return this.messages().at(-1)?.id ?? null;
  }

  newestBusinessId(): string | null {
    return this.messages().findLast((m) => m.from === 'business')?.id ?? null;
  }

  /** Business messages newer than `seenId` (the unread badge). */
  businessAfter(seenId: string | null): number {
    return this.messages().filter((m) => m.from === 'business' && (seenId === null || compareIds(m.id, seenId) > 0)).length;
  }
}
