// What a Graph handler gets and returns. Handlers are synchronous and pure apart from the
// sandbox state they update; the router owns latency, faults, hanging and the request log.
import type { IncomingMessage } from 'node:http';
import type { Effective } from '../knobs.ts';
import { tokenOk } from '../registry.ts';
import type { Channel } from '../request-log.ts';
import type { SandboxState } from '../state.ts';
import { expiredToken, invalidToken, type GraphError } from './errors.ts';

export interface GraphCtx {
  sb: SandboxState;
  req: IncomingMessage;
  method: string;
  /** Path after the mount prefix, e.g. /graph/v23.0/123/messages */
  path: string;
  /** "v23.0" */
  version: string;
  /** 23 */
  major: number;
  query: string;
  body: Buffer;
  /** The parsed JSON body: undefined when empty, `parseOk` false when not JSON. */
  parsed: unknown;
  parseOk: boolean;
  token: string | null;
  now: number;
}

export interface Result {
  status: number;
  body: unknown;
  channel: Channel;
  objectId: string | null;
  recipient: string | null;
  messageId: string | null;
  errorCode: number | null;
}

export type Meta = Partial<Pick<Result, 'channel' | 'objectId' | 'recipient' | 'messageId'>>;

export function ok(body: unknown, meta: Meta = {}): Result {
  return { status: 200, body, channel: meta.channel ?? 'graph', objectId: meta.objectId ?? null, recipient: meta.recipient ?? null, messageId: meta.messageId ?? null, errorCode: null };
}

export function fail(ctx: GraphCtx, err: GraphError, meta: Meta = {}): Result {
  return {
    status: err.status,
    body: err.body(ctx.sb.ids.fbtrace()),
    channel: meta.channel ?? 'graph',
    objectId: meta.objectId ?? null,
    recipient: meta.recipient ?? null,
    messageId: null,
    errorCode: err.fields.code,
  };
}

/** 190 unless the bearer token is valid for the object (and not listed as expired). */
export function authError(ctx: GraphCtx, tokens: Set<string> | null, k: Effective): GraphError | null {
  if (!ctx.token) return invalidToken();
  if (k.expired.has(ctx.token)) return expiredToken(ctx.now);
  if (!tokenOk(tokens, ctx.token)) return invalidToken();
  return null;
}

export function params(ctx: GraphCtx): URLSearchParams {
  return new URLSearchParams(ctx.query);
}

/** Public origin of this request, for paging links (honours a TLS-terminating proxy). */
export function origin(ctx: GraphCtx): string {
  const proto = String(ctx.req.headers['x-forwarded-proto'] ?? '').split(',')[0].trim() || 'http';
  return `${proto}://${ctx.req.headers.host ?? 'localhost'}`;
}
