// Command-line flags of `npm run sim` -> startSandbox options. Pure, so it is unit-tested.
import { parseArgs } from 'node:util';
import type { KnobsPatch } from './knobs.ts';
import type { SandboxOptions } from './index.ts';

export const USAGE = `Usage: npm run sim -- [flags]

  --port N                    listen port (default 8787; 0 = any free port)
  --host H                    listen address (default 127.0.0.1)
  --base-path P               serve under a prefix, e.g. /sandbox
  --webhook-url URL           where webhooks go (status updates, inbound messages, template events)
  --app-secret S              signs X-Hub-Signature-256 (default sandbox_app_secret)
  --control-token T           /control/** then needs the header X-Sandbox-Token: T (default: no token)
  --limit N                   throughput limit, messages/s per phone number (130429 above it)
  --latency-ms N              fixed response latency
  --latency-range MIN-MAX     uniform latency, e.g. 5-40
  --latency-lognormal MEAN:P99  log-normal latency, e.g. 20:150
  --error-rate-5xx P          share of Graph calls answered with a 5xx (0..1)
  --timeout-rate P            share of Graph calls that hang (0..1)
  --max-hang-ms N             how long a hung call is held (default 30000)
  --pair-rate-limit MAX/MS    131056 above MAX sends per pair per MS window, e.g. 45/6000
  --enforce-window            131047 for free-form sends without an inbound message in 24 h
  --window-error-mode M       sync (HTTP error) or async (failed status webhook)
  --no-messaging-window       Instagram/Messenger sends ignore the 24 h window (default: enforced, as on Meta)
  --accept-unknown-templates  accept template sends for templates not seeded
  --no-status-webhooks        no sent/delivered/read webhooks (pure-send benchmarks)
  --status-delays S,D,R       ms until sent, delivered, read (default 100,500,2000)
  --read-rate P  --out-of-order P  --duplicate-rate P
  --batch-max N  --batch-interval-ms N
  --retry-schedule A,B,...    webhook retry delays in ms (last one repeats)
  --seed N                    deterministic ids and fault rolls
  --request-log-size N        request bodies kept (default 10000)
  --no-auto-register          unknown ids answer code 100 (default: any id and token work)
  --knobs JSON                any knobs as JSON (see PATCH /control/knobs)
  --help`;

const num = (flag: string, v: string, min = 0, max = Infinity): number => {
  const n = Number(v);
  if (!Number.isFinite(n) || n < min || n > max) throw new Error(`--${flag}: expected a number in [${min}, ${max}], got "${v}"`);
  return n;
};
const nums = (flag: string, v: string, sep: string): number[] => v.split(sep).map((x) => num(flag, x.trim()));

export type CliResult = { help: true } | { help: false; options: SandboxOptions & { port: number; host: string } };

export function parseCliArgs(argv: string[]): CliResult {
  const { values: v } = parseArgs({
    args: argv,
    strict: true,
    options: {
      port: { type: 'string' }, host: { type: 'string' }, 'base-path': { type: 'string' },
      'webhook-url': { type: 'string' }, 'app-secret': { type: 'string' }, limit: { type: 'string' },
      'latency-ms': { type: 'string' }, 'latency-range': { type: 'string' }, 'latency-lognormal': { type: 'string' },
      'error-rate-5xx': { type: 'string' }, 'timeout-rate': { type: 'string' }, 'max-hang-ms': { type: 'string' },
      'pair-rate-limit': { type: 'string' }, 'enforce-window': { type: 'boolean' }, 'no-messaging-window': { type: 'boolean' }, 'window-error-mode': { type: 'string' },
      'accept-unknown-templates': { type: 'boolean' }, 'no-status-webhooks': { type: 'boolean' }, 'status-delays': { type: 'string' },
      'read-rate': { type: 'string' }, 'out-of-order': { type: 'string' }, 'duplicate-rate': { type: 'string' },
      'batch-max': { type: 'string' }, 'batch-interval-ms': { type: 'string' }, 'retry-schedule': { type: 'string' },
      seed: { type: 'string' }, 'request-log-size': { type: 'string' }, 'no-auto-register': { type: 'boolean' },
      knobs: { type: 'string' }, 'control-token': { type: 'string' }, help: { type: 'boolean', short: 'h' },
    },
  });
  if (v.help) return { help: true };

  const k: KnobsPatch = v.knobs ? (JSON.parse(v.knobs) as KnobsPatch) : {};
  if (v['webhook-url']) k.webhookUrl = v['webhook-url'];
  if (v['app-secret']) k.appSecret = v['app-secret'];
  if (v.limit) k.throughputLimit = num('limit', v.limit, 1);
  if (v['latency-ms']) k.latency = { fixedMs: num('latency-ms', v['latency-ms']) };
  if (v['latency-range']) {
    const [minMs, maxMs] = nums('latency-range', v['latency-range'], '-');
    k.latency = { minMs, maxMs };
  }
  if (v['latency-lognormal']) {
    const [meanMs, p99Ms] = nums('latency-lognormal', v['latency-lognormal'], ':');
    k.latency = { meanMs, p99Ms };
  }
  if (v['error-rate-5xx']) k.errorRate5xx = num('error-rate-5xx', v['error-rate-5xx'], 0, 1);
  if (v['timeout-rate']) k.timeoutRate = num('timeout-rate', v['timeout-rate'], 0, 1);
  if (v['max-hang-ms']) k.maxHangMs = num('max-hang-ms', v['max-hang-ms']);
  if (v['pair-rate-limit']) {
    const [max, windowMs] = nums('pair-rate-limit', v['pair-rate-limit'], '/');
    k.pairRateLimit = { max, windowMs };
  }
  if (v['enforce-window']) k.enforceWindow = true;
  if (v['no-messaging-window']) k.enforceMessagingWindow = false;
  if (v['window-error-mode']) {
    const m = v['window-error-mode'];
    if (m !== 'sync' && m !== 'async') throw new Error(`--window-error-mode: expected sync or async, got "${m}"`);
    k.windowErrorMode = m;
  }
  if (v['accept-unknown-templates']) k.acceptUnknownTemplates = true;
  if (v['no-status-webhooks']) k.statusWebhooks = false;
  if (v['status-delays']) {
    const [sent, delivered, read] = nums('status-delays', v['status-delays'], ',');
    k.statusDelaysMs = { sent, delivered, read };
  }
  if (v['read-rate']) k.readRate = num('read-rate', v['read-rate'], 0, 1);
  if (v['out-of-order']) k.outOfOrder = num('out-of-order', v['out-of-order'], 0, 1);
  if (v['duplicate-rate']) k.duplicateRate = num('duplicate-rate', v['duplicate-rate'], 0, 1);
  if (v['batch-max']) k.batchMax = num('batch-max', v['batch-max'], 1, 1000);
  if (v['batch-interval-ms']) k.batchIntervalMs = num('batch-interval-ms', v['batch-interval-ms']);
  if (v['retry-schedule']) k.webhookRetryScheduleMs = nums('retry-schedule', v['retry-schedule'], ',');

  return {
    help: false,
    options: {
      port: v.port === undefined ? 8787 : num('port', v.port, 0, 65535),
      host: v.host ?? '127.0.0.1',
      basePath: v['base-path'],
      autoRegister: !v['no-auto-register'],
      seed: v.seed === undefined ? undefined : num('seed', v.seed),
      requestLogSize: v['request-log-size'] === undefined ? undefined : num('request-log-size', v['request-log-size'], 1),
      controlToken: v['control-token'] || undefined,
      knobs: k,
    },
  };
}
