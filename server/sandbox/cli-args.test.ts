import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseCliArgs } from './cli-args.ts';

test('flags map to options and knobs', () => {
  const r = parseCliArgs([
    '--port', '9090', '--webhook-url', 'http://127.0.0.1:3000/webhooks/whatsapp', '--app-secret', 's3cret', '--limit', '80',
    '--latency-lognormal', '20:150', '--pair-rate-limit', '45/6000', '--no-status-webhooks', '--status-delays', '0,10,20',
    '--retry-schedule', '0,100,1000', '--seed', '7', '--enforce-window', '--no-messaging-window', '--window-error-mode', 'async', '--control-token', 'tok-1',
  ]);
  assert.equal(r.help, false);
  if (r.help) return;
  assert.equal(r.options.port, 9090);
  assert.equal(r.options.host, '127.0.0.1');
  assert.equal(r.options.autoRegister, true);
  assert.equal(r.options.seed, 7);
  assert.equal(r.options.controlToken, 'tok-1');
  assert.deepEqual(r.options.knobs, {
    webhookUrl: 'http://127.0.0.1:3000/webhooks/whatsapp', appSecret: 's3cret', throughputLimit: 80, latency: { meanMs: 20, p99Ms: 150 },
    pairRateLimit: { max: 45, windowMs: 6000 }, statusWebhooks: false, statusDelaysMs: { sent: 0, delivered: 10, read: 20 },
    webhookRetryScheduleMs: [0, 100, 1000], enforceWindow: true, enforceMessagingWindow: false, windowErrorMode: 'async',
  });
});

test('defaults, --no-auto-register, --knobs JSON, --help and bad values', () => {
  const r = parseCliArgs(['--no-auto-register', '--knobs', '{"readRate":0.5}', '--latency-range', '5-40']);
  assert.ok(!r.help && r.options.port === 8787 && r.options.autoRegister === false && r.options.controlToken === undefined);
  if (!r.help) assert.deepEqual(r.options.knobs, { readRate: 0.5, latency: { minMs: 5, maxMs: 40 } });
  assert.deepEqual(parseCliArgs(['--help']), { help: true });
  assert.throws(() => parseCliArgs(['--limit', 'many']), /--limit/);
  assert.throws(() => parseCliArgs(['--bogus']), /bogus/);
  assert.throws(() => parseCliArgs(['--window-error-mode', 'later']), /sync or async/);
});
