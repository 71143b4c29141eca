// The Meta Graph API simulator (+ the OpenAI simulator mounted at /v1): one node:http handler
// usable standalone (startSandbox, cli.ts) or mounted inside the app under a prefix. URL layout
// (after the optional basePath):
//   /graph/{version}/...     Graph API (WhatsApp Cloud API, templates, IG/Messenger Send API)
//   /v1/..., /control/openai/...   OpenAI-compatible simulator (server/sandbox/openai)
//   /control/...             knobs and test helpers (control/index.ts)
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { callControl, handleControl, type ControlHooks } from './control/index.ts';
import type { Reply } from './control/templates.ts';
import { handleGraph } from './graph/router.ts';
import { readBody, sendJson, splitUrl } from './http.ts';
import { CONTROL_TOKEN_HEADER, tokenMatches } from './keys.ts';
import { DEFAULT_KNOBS, type KnobsOverride, type KnobsPatch } from './knobs.ts';
import { createOpenAiSim, type OpenAiSim, type OpenAiSimOptions } from './openai/index.ts';
import type { AccountInput, NumberInput } from './registry.ts';
import type { Rng } from './rng.ts';
import { SandboxState, type SeedTemplate } from './state.ts';

export type { Knobs, KnobsOverride, KnobsPatch } from './knobs.ts';
export type { SandboxState } from './state.ts';
export { signBody, verifySignature } from './webhooks/sign.ts';

/** Any knob may also be given at the top level (e.g. `{ statusWebhooks: false }`). */
export type SandboxOptions = KnobsPatch & {
  /** Mount prefix the handler strips itself, e.g. '/sandbox'. Also used in paging links. */
  basePath?: string;
  /** Unseen phone-number / WABA / account ids become valid with any non-empty token. Default false (the CLI turns it on). */
  autoRegister?: boolean;
  /** Seeds ids, fault rolls and latencies (default 1). */
  seed?: number;
  random?: Rng;
  now?: () => number;
  /** Request bodies kept for GET /control/requests (default 10,000; counts are always kept). */
  requestLogSize?: number;
  /** Webhook deliveries kept for GET /control/webhooks (default 2,000). */
  webhookLogSize?: number;
  knobs?: KnobsPatch;
  /** Per-object overrides, keyed by phone number id, WABA id or IG/Page id. */
  numberKnobs?: Record<string, KnobsOverride>;
  numbers?: NumberInput[];
  accounts?: AccountInput[];
  templates?: SeedTemplate[];
  /** Options of the OpenAI simulator; false leaves /v1 unmounted. */
  openai?: OpenAiSimOptions | false;
  /** When set, /control/** (including /control/openai/**) answers 401 unless the X-Sandbox-Token header equals it. */
  controlToken?: string;
  /** Runs after POST /control/reset, before it answers: the app declares its numbers, templates and webhook URL again. */
  onReset?: () => void | Promise<void>;
};

export interface Sandbox {
  handler: (req: IncomingMessage, res: ServerResponse) => void;
  state: SandboxState;
  control: {
    /** Any /control endpoint in-process: call('PATCH', '/control/knobs', {...}). */
    call(method: string, pathAndQuery: string, body?: unknown): Promise<Reply>;
    patchKnobs(patch: unknown): Promise<Reply>;
    reset(): Promise<Reply>;
    flush(opts?: { all?: boolean; retry?: boolean }): Promise<Reply>;
  };
  openai: OpenAiSim | null;
  close(): Promise<void>;
}

const KNOB_KEYS = new Set(Object.keys(DEFAULT_KNOBS));

export function createSandbox(options: SandboxOptions = {}): Sandbox {
  const shorthand = Object.fromEntries(Object.entries(options).filter(([k]) => KNOB_KEYS.has(k))) as KnobsPatch;
  const basePath = (options.basePath ?? '').replace(/\/$/, '');
  const state = new SandboxState({
    basePath,
    autoRegister: options.autoRegister ?? false,
    seed: options.seed ?? 1,
    random: options.random,
    now: options.now ?? Date.now,
    requestLogSize: options.requestLogSize ?? 10_000,
    webhookLogSize: options.webhookLogSize ?? 2_000,
    knobs: { ...options.knobs, ...shorthand },
    numberKnobs: options.numberKnobs ?? {},
    numbers: options.numbers ?? [],
    accounts: options.accounts ?? [],
    templates: options.templates ?? [],
  });
  const openai = options.openai === false ? null : createOpenAiSim(options.openai ?? {});
  const hooks: ControlHooks = {
    onReset: async () => {
      openai?.reset();
      await options.onReset?.();
    },
  };

  function dispatch(req: IncomingMessage, res: ServerResponse, url: string, body: Buffer): void | Promise<void> {
    const { path, query } = splitUrl(url);
    if (options.controlToken && isControlPath(path) && !tokenMatches(options.controlToken, req.headers[CONTROL_TOKEN_HEADER])) {
      return sendJson(res, 401, { error: { code: 'sandbox_token_required', message: 'The sandbox control API needs the X-Sandbox-Token header' } });
    }
    if (path.startsWith('/graph/')) return handleGraph(state, req, res, path, query, body);
    if (path.startsWith('/v1/') || path.startsWith('/control/openai/')) {
      if (openai) return openai.handle(req, res, url, body);
    } else if (path.startsWith('/control/')) {
      return handleControl(state, hooks, req, res, path, query, body);
    } else if (path === '/' || path === '/health') {
      return sendJson(res, 200, { ok: true, service: 'parley-sandbox', graph: `${basePath}/graph/v23.0`, openai: openai ? `${basePath}/v1` : null });
    }
    sendJson(res, 404, { error: { message: `Not found: ${req.method} ${path}` } });
  }

  function handler(req: IncomingMessage, res: ServerResponse): void {
    let url = req.url ?? '/';
    if (basePath && (url === basePath || url.startsWith(`${basePath}/`) || url.startsWith(`${basePath}?`))) url = url.slice(basePath.length) || '/';
    readBody(req)
      .then((body) => dispatch(req, res, url, body))
      .catch((err: unknown) => {
        if (res.headersSent) res.destroy();
        else sendJson(res, 500, { error: { message: err instanceof Error ? err.message : String(err) } });
      });
  }

  return {
    handler,
    state,
    openai,
    control: {
      call: (method, path, body) => callControl(state, hooks, method, path, body),
      patchKnobs: (patch) => callControl(state, hooks, 'PATCH', '/control/knobs', patch),
      reset: () => callControl(state, hooks, 'POST', '/control/reset'),
      flush: (opts = {}) => callControl(state, hooks, 'POST', '/control/webhooks/flush', opts),
    },
    async close() {
      await state.close();
      openai?.close();
    },
  };
}

/**
 * Paths (after the mount prefix) that reach the control API: they need the control token. The
 * OpenAI half resolves its path with WHATWG URL, which removes dot segments (/v1/../control/...,
 * /v1/%2e%2e/control/...), so the resolved form is checked too.
 */
export function isControlPath(path: string): boolean {
  const control = (p: string) => p === '/control' || p.startsWith('/control/');
  if (control(path)) return true;
  try {
    return control(new URL(path, 'http://sandbox.invalid').pathname);
  } catch {
    return true; // unparseable: treat as the most protected kind
  }
}

export interface RunningSandbox {
  /** e.g. http://127.0.0.1:8787 (plus basePath) */
  url: string;
  /** The app's Graph base URL: url + /graph/v23.0 */
  graphUrl: string;
  port: number;
  sandbox: Sandbox;
  close(): Promise<void>;
}

export async function startSandbox(options: SandboxOptions & { port?: number; host?: string } = {}): Promise<RunningSandbox> {
  const { port = 0, host = '127.0.0.1', ...rest } = options;
  const sandbox = createSandbox(rest);
  const server = createServer(sandbox.handler);
  // Benchmarks hold keep-alive connections; outlive undici's and autocannon's idle timeouts.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const actual = (server.address() as AddressInfo).port;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${actual}${sandbox.state.basePath}`;
  let closing: Promise<void> | null = null;
  return {
    url,
    graphUrl: `${url}/graph/v23.0`,
    port: actual,
    sandbox,
    close: () =>
      (closing ??= (async () => {
        await sandbox.close();
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        });
      })()),
  };
}
