import pg from 'pg';
import { DB_TIMEOUTS, PREPARED, type Db } from '../db/knex.ts';
import type { Logger } from '../lib/logger.ts';

export const CHANGES_CHANNEL = 'parley_changes';

export interface Change {
  workspaceId: string;
  /** `typing`: someone is typing in the conversation `id` (web chat); nothing to refetch. */
  topic: 'notifications' | 'campaigns' | 'inbox' | 'templates' | 'numbers' | 'leads' | 'typing';
  action: 'insert' | 'update' | 'delete';
  id: string | null;
  /** Topic `typing` only: who types (the visitor, or a person of the team by name) and whether they still do. */
  typing?: TypingSignal;
}

export interface TypingSignal {
  typing: boolean;
  from: 'visitor' | 'agent';
  /** The team member's name (never an email); null for the visitor. */
  author: string | null;
}

/** Announces a change to every app process; the SSE hub of each fans it out to its browsers. */
export async function publishChange(db: Db, change: Change): Promise<void> {
  await publishChanges(db, [change]);
}

/** Several changes in one round trip (in order): a batch of replies or statuses names many conversations. */
export async function publishChanges(db: Db, changes: Change[]): Promise<void> {
  if (!changes.length) return;
  await db.raw('select pg_notify(?, c) from unnest(?::text[]) with ordinality as x(c, n) order by n', [CHANGES_CHANNEL, changes.map((c) => JSON.stringify(c))]).options(PREPARED);
}

type Listener = (change: Change) => void;

/** One LISTEN connection per process, reconnected with backoff when it drops. */
export class ChangeHub {
  private client: pg.Client | null = null;
  private listeners = new Set<Listener>();
  private stopped = false;
  private retryMs = 500;
  private timer: NodeJS.Timeout | null = null;
  connected = false;

  constructor(
    private readonly connectionString: string,
    private readonly logger: Logger,
  ) {}

  async start(): Promise<void> {
    // keepAlive notices a dead peer on this otherwise silent connection; a reconnect attempt to a
    // stalled server fails after connectMs and backs off instead of hanging forever.
    const client = new pg.Client({ connectionString: this.connectionString, application_name: 'parley-listen', connectionTimeoutMillis: DB_TIMEOUTS.connectMs, keepAlive: true });
    client.on('notification', (msg) => {
      if (msg.channel !== CHANGES_CHANNEL || !msg.payload) return;
      let change: Change;
      try {
        change = JSON.parse(msg.payload);
      } catch {
        return;
      }
      for (const l of this.listeners) l(change);
    });
    client.on('error', (err) => this.reconnect(err));
    client.on('end', () => this.reconnect(null));
    try {
      await client.connect();
      await client.query(`LISTEN ${CHANGES_CHANNEL}`);
    } catch (err) {
      await client.end().catch(() => {}); // a connection that could not LISTEN would leak; the caller retries
      throw err;
    }
    this.client = client;
    this.connected = true;
    this.retryMs = 500;
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get subscriberCount(): number {
    return this.listeners.size;
  }

  private reconnect(err: Error | null): void {
    if (this.stopped || !this.connected) return;
    this.connected = false;
    this.client = null;
    this.logger.warn({ err }, 'realtime LISTEN connection lost; reconnecting');
    const attempt = () => {
      this.timer = null;
      if (this.stopped) return;
      this.start().catch(() => {
        this.retryMs = Math.min(this.retryMs * 2, 30_000);
        this.timer = setTimeout(attempt, this.retryMs);
      });
    };
    this.timer = setTimeout(attempt, this.retryMs);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.connected = false;
    await this.client?.end().catch(() => {});
  }
}
