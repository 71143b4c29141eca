// /control/... : knobs and test helpers, JSON in and out. Not part of Meta's API; errors are
// { error: { message } } with 400/404.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { z } from 'zod';
import { parseJson, sendJson } from '../http.ts';
import { normRecipient } from '../knobs.ts';
import type { SandboxState } from '../state.ts';
import type { WaNumber } from '../registry.ts';
import { emitMessagingInbound, emitWaInbound } from './inbound.ts';
import {
  accountSchema, describeZod, emitSchema, flushSchema, messagingInboundSchema, numberSchema, seedTemplatesSchema, sendFaultSchema, templatePatchSchema, waInboundSchema, windowsSchema,
} from './schemas.ts';
import { deleteTemplate, emitRawChange, patchTemplate, renderStored, seedTemplates, type Reply } from './templates.ts';

export interface ControlHooks {
  /** Also resets the OpenAI simulator, then lets the embedding app put its own state back. */
  onReset(): void | Promise<void>;
}

const bad = (message: string): Reply => ({ status: 400, body: { error: { message } } });
const notFound = (message: string): Reply => ({ status: 404, body: { error: { message } } });

function parse<S extends z.ZodType>(schema: S, body: unknown): { ok: true; value: z.infer<S> } | { ok: false; reply: Reply } {
  const r = schema.safeParse(body ?? {});
  return r.success ? { ok: true, value: r.data } : { ok: false, reply: bad(describeZod(r.error)) };
}

export function renderNumber(n: WaNumber) {
  return {
    phone_number_id: n.id, waba_id: n.wabaId, display_phone_number: n.displayPhoneNumber, verified_name: n.verifiedName,
    quality_rating: n.qualityRating, status: n.status, platform_type: n.platformType, throughput_level: n.throughputLevel,
    messaging_limit: n.messagingLimit, name_status: n.nameStatus, code_verification_status: n.codeVerificationStatus,
    access_tokens: n.tokens ? [...n.tokens] : null, auto_registered: n.autoRegistered,
  };
}

export async function handleControl(
  sb: SandboxState, hooks: ControlHooks, req: IncomingMessage, res: ServerResponse, path: string, query: string, raw: Buffer,
): Promise<void> {
  const json = parseJson(raw);
  const reply = json.ok ? await route(sb, hooks, req.method ?? 'GET', path.split('/').slice(2), new URLSearchParams(query), json.value) : bad('body is not valid JSON');
  sendJson(res, reply.status, reply.body);
}

/** The same endpoints in-process (createSandbox().control.call), e.g. for the app's own tests. */
export function callControl(sb: SandboxState, hooks: ControlHooks, method: string, pathAndQuery: string, body?: unknown): Promise<Reply> {
  const q = pathAndQuery.indexOf('?');
  const path = q < 0 ? pathAndQuery : pathAndQuery.slice(0, q);
  const segs = path.replace(/^\/control\//, '').split('/');
  return route(sb, hooks, method.toUpperCase(), segs, new URLSearchParams(q < 0 ? '' : pathAndQuery.slice(q + 1)), body);
}

async function route(sb: SandboxState, hooks: ControlHooks, method: string, segs: string[], q: URLSearchParams, body: unknown): Promise<Reply> {
  const [what, id, sub] = segs;
  const key = `${method} ${what}${id !== undefined ? '/:id' : ''}${sub !== undefined ? `/${sub}` : ''}`;
  switch (key) {
    case 'GET knobs':
      return { status: 200, body: sb.knobs.snapshot() };
    case 'PATCH knobs': {
      const r = sb.knobs.patch(body ?? {});
      return r.ok ? { status: 200, body: sb.knobs.snapshot() } : bad(r.error);
    }
    case 'GET send-faults':
      return { status: 200, body: { faults: Object.fromEntries(sb.sendFaults) } };
    case 'POST send-faults': {
      const p = parse(sendFaultSchema, body);
      if (!p.ok) return p.reply;
      const { phone_number_id, account_id, count, error } = p.value;
      const id = (phone_number_id ?? account_id)!;
      if (count === 0) sb.sendFaults.delete(id);
      else sb.sendFaults.set(id, { remaining: count, error });
      return { status: 200, body: { faults: Object.fromEntries(sb.sendFaults) } };
    }
    case 'POST reset':
      sb.reset();
      await hooks.onReset();
      return { status: 200, body: { ok: true } };
    case 'GET requests': {
      const limit = q.get('limit');
      const recipient = q.get('recipient');
      return {
        status: 200,
        body: sb.log.query({
          recipient: recipient ? normRecipient(recipient) : null,
          objectId: q.get('phone_number_id') ?? q.get('object_id'),
          outcome: q.get('outcome'),
          limit: limit === null ? undefined : Number(limit),
        }),
      };
    }
    case 'GET numbers':
      return {
        status: 200,
        body: {
          numbers: [...sb.registry.numbers.values()].map(renderNumber),
          accounts: [...sb.registry.accounts.values()].map((a) => ({ ...a, tokens: undefined, access_tokens: a.tokens ? [...a.tokens] : null })),
        },
      };
    case 'POST numbers': {
      const list = Array.isArray((body as { numbers?: unknown })?.numbers) ? (body as { numbers: unknown[] }).numbers : [body];
      const out = [];
      for (const item of list) {
        const p = parse(numberSchema, item);
        if (!p.ok) return p.reply;
        const { access_token, ...rest } = p.value;
        out.push(renderNumber(sb.registry.addNumber({ ...rest, access_tokens: [...(rest.access_tokens ?? []), ...(access_token ? [access_token] : [])] })));
      }
      return { status: 200, body: { numbers: out } };
    }
    case 'DELETE numbers/:id':
      return sb.registry.removeNumber(id) ? { status: 200, body: { success: true } } : notFound(`no number ${id}`);
    case 'POST windows': {
      const p = parse(windowsSchema, body);
      if (!p.ok) return p.reply;
      for (const w of p.value.windows) sb.noteInbound(w.object_id, w.user, w.at);
      return { status: 200, body: { windows: p.value.windows.length } };
    }
    case 'POST accounts': {
      const p = parse(accountSchema, body);
      if (!p.ok) return p.reply;
      const { access_token, ...rest } = p.value;
      const a = sb.registry.addAccount({ ...rest, access_tokens: [...(rest.access_tokens ?? []), ...(access_token ? [access_token] : [])] });
      return { status: 200, body: { id: a.id, platform: a.platform, name: a.name, username: a.username, access_tokens: a.tokens ? [...a.tokens] : null } };
    }
    case 'GET templates': {
      const waba = q.get('waba_id');
      const all = waba ? sb.templates.list(waba) : sb.templates.all();
      return { status: 200, body: { templates: all.map(renderStored) } };
    }
    case 'POST templates': {
      const p = parse(seedTemplatesSchema, body);
      return p.ok ? seedTemplates(sb, p.value) : p.reply;
    }
    case 'PATCH templates/:id': {
      const p = parse(templatePatchSchema, body);
      return p.ok ? patchTemplate(sb, id, p.value) : p.reply;
    }
    case 'DELETE templates/:id':
      return deleteTemplate(sb, id, q.get('emit') === 'true' || q.get('emit') === '1');
    case 'POST inbound': {
      const channel = (body as { channel?: unknown } | undefined)?.channel;
      if (channel === 'instagram' || channel === 'messenger') {
        const p = parse(messagingInboundSchema, body);
        return p.ok ? emitMessagingInbound(sb, p.value) : p.reply;
      }
      const p = parse(waInboundSchema, body);
      return p.ok ? emitWaInbound(sb, p.value) : p.reply;
    }
    case 'GET webhooks':
      return {
        status: 200,
        body: {
          queued: sb.batcher.queued,
          ...sb.emitter.list({ state: q.get('state'), limit: q.has('limit') ? Number(q.get('limit')) : undefined, includeBody: q.get('include_body') === '1' || q.get('include_body') === 'true' }),
        },
      };
    case 'POST webhooks/:id':
      if (id === 'flush') {
        const p = parse(flushSchema, body);
        if (!p.ok) return p.reply;
        const posts = sb.batcher.flush({ all: p.value.all });
        const retried = p.value.retry ? sb.emitter.retryNow() : 0;
        await sb.emitter.idle();
        return { status: 200, body: { posts, retried, queued: sb.batcher.queued, summary: sb.emitter.summary() } };
      }
      if (id === 'emit') {
        const p = parse(emitSchema, body);
        if (!p.ok) return p.reply;
        const v = p.value;
        let queued: boolean;
        if ('waba_id' in v) queued = emitRawChange(sb, v.waba_id, v.field, v.value);
        else {
          const target = sb.target(sb.knobs.forId(v.entry_id));
          if (target) sb.batcher.enqueue(target, { kind: 'messaging', object: v.object, entryId: v.entry_id, event: v.event, standby: v.standby === true }, sb.now());
          queued = target !== null;
        }
        if (queued && v.flush) sb.batcher.flush();
        return { status: 200, body: { webhook: queued ? 'queued' : 'no_webhook_url' } };
      }
      return notFound(`unknown control endpoint POST /control/webhooks/${id}`);
  }
  return notFound(`unknown control endpoint ${method} /control/${segs.join('/')}`);
}
