import type { Response } from 'express';
import type { AppContext } from '../context.ts';
import { STATUS_RANK } from '../inbox/status.ts';
import type { Change } from '../realtime/hub.ts';
import { presentWidgetMessage } from './present.ts';
import { messagesAfter, type VisitorMessageRow } from './queries.ts';
import { recordVisitorStatuses, type VisitorStatus } from './statuses.ts';
import type { Visitor } from './visitor-auth.ts';

// Visitors' live streams (GET /api/widget/stream), for one process. ONE subscription to the
// process's change hub serves them all: an inbox change naming a conversation with live streams
// makes one query for the messages after the streams' cursors (never notes), written to each
// stream once; a change naming no conversation (many at once) re-reads every watched
// conversation, at most once a second. A business message written to a stream becomes
// "delivered". A colleague typing reaches the visitor as a `typing` event.
//
// A visitor who has not written yet has no conversation: their streams wait under the visitor,
// and are attached when a conversation of theirs appears (their first message, here or in another
// process). Per connection there is only a small record: one shared timer pings every stream.
// The hub subscription and the timer exist only while the process has a stream.

const PING_MS = 25_000;
const ALL_AT_MOST_EVERY_MS = 1000;
/** Streams per visitor (tabs); a new one beyond this ends the oldest. */
const MAX_PER_VISITOR = 5;
/** A client this far behind (bytes not yet taken) is cut off; it catches up on reconnect. */
const MAX_BUFFERED = 1_000_000;

interface LiveStream {
  res: Response;
  workspaceId: string;
  widgetId: string;
  widgetKey: string;
  widgetName: string;
  visitorId: string;
  conversationId: string | null;
  /** The newest message id written to it (a bigint as a string). */
  cursor: string;
}

/** a > b for bigint ids written as decimal strings. */
const newer = (a: string, b: string) => (a.length !== b.length ? a.length > b.length : a > b);

export class VisitorStreams {
  private byConversation = new Map<string, Set<LiveStream>>();
  private byVisitor = new Map<string, LiveStream[]>();
  private waiting = 0;
  private pending = new Set<string>();
  private draining = false;
  private allTimer: NodeJS.Timeout | null = null;
  private lastAll = 0;
  private ping: NodeJS.Timeout | null = null;
  private total = 0;
  private unsubscribe: (() => void) | null = null;
  private deliveredQueue: VisitorStatus[] = [];
  private recording = false;

  constructor(private readonly ctx: AppContext) {}

  get size(): number {
    return this.total;
  }

  /** Starts the stream on `res`. `cursor`: the newest message the visitor has; what came after it is sent at once. */
  open(res: Response, v: Visitor, conversationId: string | null, cursor: string): void {
    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-cache, no-transform',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no', // nginx must not buffer the stream
    });
    res.write('retry: 3000\nevent: ready\ndata: {}\n\n');
    const s: LiveStream = { res, workspaceId: v.widget.workspace_id, widgetId: v.widget.id, widgetKey: v.widget.key, widgetName: v.widget.name, visitorId: v.visitorId, conversationId, cursor };
    const visitorKey = `${s.widgetId}|${s.visitorId}`;
    const mine = this.byVisitor.get(visitorKey) ?? [];
    if (mine.length >= MAX_PER_VISITOR) mine[0]!.res.end();
    this.byVisitor.set(visitorKey, [...mine, s]);
    this.total++;
    if (conversationId) this.watch(s, conversationId);
    else this.waiting++;
    res.on('close', () => this.remove(s));
    this.ping ??= setInterval(() => this.pingAll(), PING_MS).unref();
    this.unsubscribe ??= this.ctx.hub.subscribe((change) => {
      try {
        this.onChange(change);
      } catch (err) {
        this.ctx.logger.warn({ err }, 'web chat stream: a change could not be handled');
      }
    });
    // Also without a backlog: a message written between reading the cursor and subscribing is sent now.
    if (conversationId) this.schedule(conversationId);
  }

  /** The visitor's conversation exists now (their first message): their waiting streams follow it from its start. */
  attach(widgetId: string, visitorId: string, conversationId: string): void {
    for (const s of this.byVisitor.get(`${widgetId}|${visitorId}`) ?? []) {
      if (s.conversationId) continue;
      this.waiting--;
      s.cursor = '0';
      this.watch(s, conversationId);
    }
    if (this.byConversation.has(conversationId)) this.schedule(conversationId);
  }

  private watch(s: LiveStream, conversationId: string): void {
    s.conversationId = conversationId;
    const set = this.byConversation.get(conversationId) ?? new Set<LiveStream>();
    set.add(s);
    this.byConversation.set(conversationId, set);
  }

  private remove(s: LiveStream): void {
    const visitorKey = `${s.widgetId}|${s.visitorId}`;
    const list = (this.byVisitor.get(visitorKey) ?? []).filter((x) => x !== s);
    if (list.length) this.byVisitor.set(visitorKey, list);
    else this.byVisitor.delete(visitorKey);
    this.total--;
    if (s.conversationId) {
      const set = this.byConversation.get(s.conversationId);
      set?.delete(s);
      if (set && !set.size) this.byConversation.delete(s.conversationId);
    } else this.waiting--;
    if (this.total === 0) {
      if (this.ping) clearInterval(this.ping);
      this.ping = null;
      this.unsubscribe?.();
      this.unsubscribe = null;
    }
  }

  private onChange(change: Change): void {
    if (change.topic === 'inbox') {
      if (change.id === null) return this.scheduleAll();
      if (this.byConversation.has(change.id)) return this.schedule(change.id);
      // A new conversation may be a waiting visitor's first (written by another process).
      if (change.action === 'insert' && this.waiting > 0) void this.adopt(change.id);
      return;
    }
    if (change.topic === 'typing' && change.id && change.typing?.from === 'agent') {
      const data = `event: typing\ndata: ${JSON.stringify({ typing: change.typing.typing, author: change.typing.author })}\n\n`;
      for (const s of this.byConversation.get(change.id) ?? []) this.write(s, data);
      return;
    }
    if (change.topic === 'numbers' && change.action === 'delete' && change.id) {
      // A deleted widget: its visitors' streams end (their next call is refused).
      for (const list of [...this.byVisitor.values()]) for (const s of list) if (s.widgetId === change.id) s.res.end();
    }
  }

  private async adopt(conversationId: string): Promise<void> {
    try {
      const row = await this.ctx.db('conversations as c')
        .join('contact_identities as k', 'k.id', 'c.identity_id')
        .where({ 'c.id': conversationId, 'k.channel': 'webchat' })
        .first('c.account_id', 'k.external_id');
      if (row) this.attach(row.account_id, row.external_id, conversationId);
    } catch (err) {
      this.ctx.logger.warn({ err }, 'web chat stream: a new conversation could not be matched to its visitor');
    }
  }

  private scheduleAll(): void {
    if (this.allTimer || (!this.byConversation.size && !this.waiting)) return;
    const wait = Math.max(0, this.lastAll + ALL_AT_MOST_EVERY_MS - Date.now());
    this.allTimer = setTimeout(() => {
      this.allTimer = null;
      this.lastAll = Date.now();
      for (const id of this.byConversation.keys()) this.schedule(id);
      if (this.waiting > 0) void this.adoptWaiting();
    }, wait);
  }

  /** Waiting visitors whose conversation appeared in a change that named none (a big batch). */
  private async adoptWaiting(): Promise<void> {
    const waiting = [...this.byVisitor.values()].flatMap((list) => list.filter((s) => !s.conversationId).slice(0, 1));
    try {
      const { rows } = await this.ctx.db.raw(
        `select c.id, c.account_id, k.external_id
           from unnest(?::uuid[], ?::uuid[], ?::text[]) as x(workspace_id, account_id, visitor_id)
           join contact_identities k on k.workspace_id = x.workspace_id and k.channel = 'webchat' and k.external_id = x.visitor_id
           join conversations c on c.identity_id = k.id and c.account_id = x.account_id and c.status <> 'archived'`,
        [waiting.map((s) => s.workspaceId), waiting.map((s) => s.widgetId), waiting.map((s) => s.visitorId)],
      );
      for (const r of rows as Array<{ id: string; account_id: string; external_id: string }>) this.attach(r.account_id, r.external_id, r.id);
    } catch (err) {
      this.ctx.logger.warn({ err }, 'web chat stream: waiting visitors could not be matched');
    }
  }

  private schedule(conversationId: string): void {
    this.pending.add(conversationId);
    if (this.draining) return;
    this.draining = true;
    setImmediate(() => void this.drain());
  }

  private async drain(): Promise<void> {
    try {
      while (this.pending.size) {
        const ids = [...this.pending];
        this.pending.clear();
        await this.flush(ids);
      }
    } catch (err) {
      this.ctx.logger.warn({ err }, 'web chat stream: messages could not be read; the widgets catch up on reconnect');
    } finally {
      this.draining = false;
      if (this.pending.size) this.schedule([...this.pending][0]!);
    }
  }

  private async flush(conversationIds: string[]): Promise<void> {
    const cursors = conversationIds.flatMap((conversationId) => {
      const set = this.byConversation.get(conversationId);
      if (!set?.size) return [];
      let after: string | null = null;
      for (const s of set) if (after === null || newer(after, s.cursor)) after = s.cursor;
      return [{ conversationId, after: after! }];
    });
    if (!cursors.length) return;
    const delivered: VisitorStatus[] = [];
    for (const row of await messagesAfter(this.ctx.db, cursors)) {
      if (this.push(row) && row.direction === 'outbound' && row.external_id && row.status_rank < STATUS_RANK.delivered) {
        const s = this.byConversation.get(row.conversation_id)!.values().next().value!;
        delivered.push({ workspaceId: s.workspaceId, widgetKey: s.widgetKey, conversationId: row.conversation_id, externalId: row.external_id });
      }
    }
    this.markDelivered(delivered);
  }

  /**
   * Delivered ticks are written beside the streams, not in their way: one writer at a time takes
   * everything queued meanwhile, so a busy second costs a few transactions, not one per message.
   */
  private markDelivered(items: VisitorStatus[]): void {
    this.deliveredQueue.push(...items);
    if (this.recording || !this.deliveredQueue.length) return;
    this.recording = true;
    void (async () => {
      try {
        while (this.deliveredQueue.length) {
          const batch = this.deliveredQueue.splice(0, 1000);
          await recordVisitorStatuses(this.ctx, batch, 'delivered').catch((err) => this.ctx.logger.warn({ err }, 'web chat stream: delivered ticks could not be written'));
        }
      } finally {
        this.recording = false;
      }
    })();
  }

  /** Writes a message to each stream of its conversation that has not had it; true when one got it. */
  private push(row: VisitorMessageRow): boolean {
    let written = false;
    const id = String(row.id);
    for (const s of this.byConversation.get(row.conversation_id) ?? []) {
      if (!newer(id, s.cursor)) continue;
      s.cursor = id;
      written = this.write(s, `id: ${id}\nevent: message\ndata: ${JSON.stringify(presentWidgetMessage(row, s.widgetName))}\n\n`) || written;
    }
    return written;
  }

  private write(s: LiveStream, chunk: string): boolean {
    if (s.res.writableEnded || s.res.destroyed) return false;
    if (s.res.writableLength > MAX_BUFFERED) {
      s.res.destroy();
      return false;
    }
    s.res.write(chunk);
    return true;
  }

  private pingAll(): void {
    for (const list of this.byVisitor.values()) for (const s of list) this.write(s, ': ping\n\n');
  }
}
