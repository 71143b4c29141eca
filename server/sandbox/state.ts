// Everything one sandbox instance holds, created from its options and rebuilt by
// POST /control/reset. Handlers read the current members at call time (reset swaps rng/ids).
import type { ServerResponse } from 'node:http';
import type { SendFault } from './control/schemas.ts';
import { Ids } from './graph/ids.ts';
import { TemplateStore, type TemplateInput } from './graph/templates.ts';
import { KnobStore, type Effective, type KnobsOverride, type KnobsPatch } from './knobs.ts';
import { WindowMap } from './rate-window.ts';
import { Registry, type AccountInput, type NumberInput } from './registry.ts';
import { RequestLog } from './request-log.ts';
import { seededRng, type Rng } from './rng.ts';
import type { Target } from './webhooks/batcher.ts';
import { Batcher } from './webhooks/batcher.ts';
import { Emitter } from './webhooks/emitter.ts';

export type SeedTemplate = TemplateInput & { waba_id: string };

export interface StateOptions {
  basePath: string;
  autoRegister: boolean;
  seed: number;
  random?: Rng;
  now: () => number;
  requestLogSize: number;
  webhookLogSize: number;
  knobs: KnobsPatch;
  numberKnobs: Record<string, KnobsOverride>;
  numbers: NumberInput[];
  accounts: AccountInput[];
  templates: SeedTemplate[];
}

const LAST_MAX = 200_000;

export class SandboxState {
  readonly now: () => number;
  readonly basePath: string;
  rng: Rng;
  ids: Ids;
  readonly knobs: KnobStore;
  readonly registry: Registry;
  readonly templates: TemplateStore;
  readonly log: RequestLog;
  readonly throughput = new WindowMap();
  readonly pairs = new WindowMap();
  /** `${objectId}\n${user}` -> ms of the user's last inbound message (customer service window). */
  readonly lastInbound = new Map<string, number>();
  /** `${objectId}\n${user}` -> id of the business's last message to the user (replies refer to it). */
  readonly lastOutbound = new Map<string, string>();
  /** `${accountId}\n${user}` -> the user's last IG/Messenger message and how often it was edited
   * (message_edit and deleted events refer to it). */
  readonly lastCustomerMessage = new Map<string, { mid: string; edits: number }>();
  readonly emitter: Emitter;
  readonly batcher: Batcher;
  /** phone number id -> sends still to fail, and how (POST /control/send-faults). */
  readonly sendFaults = new Map<string, { remaining: number; error: SendFault }>();
  /** Responses waiting out a latency, and requests hanging for a timeout; ended on close(). */
  readonly open = new Map<ServerResponse, NodeJS.Timeout>();

  constructor(readonly options: StateOptions) {
    this.now = options.now;
    this.basePath = options.basePath;
    this.rng = options.random ?? seededRng(options.seed);
    this.ids = new Ids(this.rng);
    this.knobs = KnobStore.fromOptions(options.knobs, options.numberKnobs);
    this.registry = new Registry(options.autoRegister);
    this.templates = new TemplateStore(() => this.ids.templateId());
    this.log = new RequestLog(options.requestLogSize);
    this.emitter = new Emitter({ now: this.now, knobs: () => this.knobs.knobs, logSize: options.webhookLogSize });
    this.batcher = new Batcher({ now: this.now, knobs: () => this.knobs.knobs, emitter: this.emitter });
    this.seed();
  }

  private seed(): void {
    for (const n of this.options.numbers) this.registry.addNumber(n);
    for (const a of this.options.accounts) this.registry.addAccount(a);
    for (const t of this.options.templates) this.templates.add(t.waba_id, t);
  }

  reset(): void {
    this.rng = this.options.random ?? seededRng(this.options.seed);
    this.ids = new Ids(this.rng);
    this.knobs.reset();
    this.registry.clear();
    this.templates.clear();
    this.log.clear();
    this.throughput.clear();
    this.pairs.clear();
    this.lastInbound.clear();
    this.lastOutbound.clear();
    this.lastCustomerMessage.clear();
    this.sendFaults.clear();
    this.batcher.reset();
    this.emitter.reset();
    this.seed();
  }

  /** Where an object's webhooks go, or null when no URL is configured. */
  target(k: Effective): Target | null {
    return k.webhookUrl ? { url: k.webhookUrl, secret: k.appSecret } : null;
  }

  /** Is the user inside the customer service window of this number/account? */
  windowOpen(objectId: string, user: string, k: Effective, now: number, windowMs = k.windowMs, enforce = k.enforceWindow): boolean {
    if (k.outsideSet.has(user)) return false;
    if (!enforce) return true;
    const last = this.lastInbound.get(`${objectId}\n${user}`);
    return last !== undefined && now - last < windowMs;
  }

  /** The fault the next send from `objectId` must fail with, if one is queued (and uses it up). */
  takeSendFault(objectId: string | null): SendFault | null {
    const f = objectId === null ? undefined : this.sendFaults.get(objectId);
    if (!f) return null;
    if (--f.remaining <= 0) this.sendFaults.delete(objectId!);
    return f.error;
  }

  noteInbound(objectId: string, user: string, now: number): void {
    setBounded(this.lastInbound, `${objectId}\n${user}`, now);
  }

  noteOutbound(objectId: string, user: string, id: string): void {
    setBounded(this.lastOutbound, `${objectId}\n${user}`, id);
  }

  noteCustomerMessage(objectId: string, user: string, mid: string): void {
    setBounded(this.lastCustomerMessage, `${objectId}\n${user}`, { mid, edits: 0 });
  }

  lastCustomerMessageOf(objectId: string, user: string): { mid: string; edits: number } | null {
    return this.lastCustomerMessage.get(`${objectId}\n${user}`) ?? null;
  }

  lastOutboundTo(objectId: string, user: string): string | null {
    return this.lastOutbound.get(`${objectId}\n${user}`) ?? null;
  }

  async close(): Promise<void> {
    this.batcher.close();
    for (const [res, t] of this.open) {
      clearTimeout(t);
      res.destroy();
    }
    this.open.clear();
    await this.emitter.close();
  }
}

/** Map.set that keeps insertion order = recency and drops the oldest past LAST_MAX entries, so
 * benchmarks to millions of one-off recipients stay bounded. */
function setBounded<V>(m: Map<string, V>, k: string, v: V): void {
  m.delete(k);
  m.set(k, v);
  if (m.size > LAST_MAX) m.delete(m.keys().next().value as string);
}
