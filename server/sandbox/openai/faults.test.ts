// Fault and latency knobs, and auth, as seen by the openai SDK.
import assert from 'node:assert/strict';
import { after, before, beforeEach, test } from 'node:test';
import OpenAI from 'openai';
import { startOpenAiSim, type TestOpenAiServer } from './test-server.ts';

let srv: TestOpenAiServer;
let client: OpenAI;

before(async () => {
  srv = await startOpenAiSim();
  client = new OpenAI({ apiKey: 'sk-test', baseURL: srv.baseURL, maxRetries: 0 });
});
after(() => srv.close());
beforeEach(() => srv.control('POST', '/reset'));

const ask = (c: OpenAI = client) => c.responses.create({ model: 'gpt-4o-mini', input: 'hi' });

test('429 failNext: RateLimitError with retry-after headers and OpenAI body', async () => {
  await srv.knobs({ rateLimit429: { failNext: 1, retryAfterSeconds: 2 } });
  await assert.rejects(ask(), (e: unknown) => {
    assert.ok(e instanceof OpenAI.RateLimitError);
    assert.equal(e.status, 429);
    assert.equal(e.code, 'rate_limit_exceeded');
    assert.equal(e.type, 'requests');
    assert.equal(e.headers?.get('retry-after'), '2');
    assert.equal(e.headers?.get('retry-after-ms'), '2000');
    return true;
  });
  // The counter is spent: the next call succeeds.
  assert.equal((await ask()).output_text, 'Echo: hi');
});

test('429 then the SDK (maxRetries: 1) waits retry-after and succeeds', async () => {
  await srv.knobs({ rateLimit429: { failNext: 1, retryAfterSeconds: 0.05 } });
  const retrying = new OpenAI({ apiKey: 'sk-test', baseURL: srv.baseURL, maxRetries: 1 });
  const r = await ask(retrying);
  assert.equal(r.output_text, 'Echo: hi');
  const log = await srv.requests({ path: '/v1/responses' });
  assert.deepEqual(log.map((e) => e.status), [429, 200]);
  assert.ok(log[1].time - log[0].time >= 40, 'the SDK honoured retry-after-ms');
});

test('insufficient_quota variant', async () => {
  await srv.knobs({ rateLimit429: { failNext: 1, code: 'insufficient_quota' } });
  await assert.rejects(ask(), (e: unknown) => e instanceof OpenAI.RateLimitError && e.code === 'insufficient_quota' && e.type === 'insufficient_quota');
});

test('500 failNext and status override; SDK retries 5xx', async () => {
  await srv.knobs({ error500: { failNext: 1 } });
  await assert.rejects(ask(), (e: unknown) => {
    assert.ok(e instanceof OpenAI.InternalServerError);
    assert.equal(e.status, 500);
    assert.equal(e.type, 'server_error');
    return true;
  });
  await srv.knobs({ error500: { failNext: 1, status: 503 } });
  await assert.rejects(ask(), (e: unknown) => e instanceof OpenAI.InternalServerError && e.status === 503);
  await srv.knobs({ error500: { failNext: 1, status: 500 } });
  const retrying = new OpenAI({ apiKey: 'sk-test', baseURL: srv.baseURL, maxRetries: 1 });
  // No retry-after on 5xx (like OpenAI), so this costs the SDK's ~0.5s default backoff.
  assert.equal((await ask(retrying)).output_text, 'Echo: hi');
});

test('error rates are deterministic for a seed', async () => {
  const outcomes = async () => {
    await srv.control('POST', '/reset');
    await srv.knobs({ errorRate500: 0.5 });
    const out: number[] = [];
    for (let i = 0; i < 12; i++) out.push(await ask().then(() => 200, (e: { status: number }) => e.status));
    return out;
  };
  const a = await outcomes();
  assert.deepEqual(await outcomes(), a);
  assert.ok(a.includes(500) && a.includes(200), `a mix of outcomes: ${a}`);
  await srv.knobs({ errorRate500: 0, rateLimit429: 1 });
  await assert.rejects(ask(), OpenAI.RateLimitError);
});

test('faultPaths limits faults to some routes', async () => {
  await srv.knobs({ rateLimit429: 1, faultPaths: ['/v1/responses'] });
  const conv = await client.conversations.create();
  assert.match(conv.id, /^conv_/);
  await assert.rejects(ask(), OpenAI.RateLimitError);
});

test('latency knob: fixed and ranged', async () => {
  await srv.knobs({ latencyMs: 150 });
  let t = performance.now();
  await ask();
  assert.ok(performance.now() - t >= 140);
  await srv.knobs({ latencyMs: { minMs: 60, maxMs: 80 } });
  t = performance.now();
  await ask();
  const took = performance.now() - t;
  assert.ok(took >= 55, `took ${took}`);
  await srv.knobs({ latencyMs: null });
  assert.equal(((await srv.control('GET', '/knobs')) as { latencyMs: number }).latencyMs, 0);
});

test('latency option applies from the start; close() releases waiting requests', async () => {
  const slow = await startOpenAiSim({ latencyMs: 10_000 });
  const c = new OpenAI({ apiKey: 'sk-test', baseURL: slow.baseURL, maxRetries: 0 });
  const pending = c.responses.create({ model: 'm', input: 'x' }).then(() => 'ok', (e: { status?: number }) => e.status);
  while (slow.handling() === 0) await new Promise((r) => setTimeout(r, 5));
  const t = performance.now();
  await slow.close();
  assert.equal(await pending, 503);
  assert.ok(performance.now() - t < 5_000, 'released at close, not after the 10 s latency');
});

test('401 without a bearer key, and for keys listed in invalidKeys', async () => {
  const res = await fetch(`${srv.baseURL}/responses`, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } });
  assert.equal(res.status, 401);
  const body = (await res.json()) as { error: Record<string, unknown> };
  assert.deepEqual(Object.keys(body.error).sort(), ['code', 'message', 'param', 'type']);
  const empty = await fetch(`${srv.baseURL}/models`, { headers: { authorization: 'Bearer ' } });
  assert.equal(empty.status, 401);

  await srv.knobs({ invalidKeys: ['sk-revoked-1234'] });
  const revoked = new OpenAI({ apiKey: 'sk-revoked-1234', baseURL: srv.baseURL, maxRetries: 0 });
  await assert.rejects(ask(revoked), (e: unknown) => {
    assert.ok(e instanceof OpenAI.AuthenticationError);
    assert.equal(e.code, 'invalid_api_key');
    assert.ok(!e.message.includes('sk-revoked-1234'), 'the key is masked');
    return true;
  });
  assert.equal((await ask()).output_text, 'Echo: hi');
});
