// Control endpoints, the request log and HTTP-level errors (bad JSON, unknown routes).
import assert from 'node:assert/strict';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { after, before, beforeEach, test } from 'node:test';
import OpenAI from 'openai';
import { createOpenAiSim } from './index.ts';
import { startOpenAiSim, type TestOpenAiServer } from './test-server.ts';

let clock = 1_700_000_000_000;
let srv: TestOpenAiServer;
let client: OpenAI;

before(async () => {
  srv = await startOpenAiSim({ now: () => clock });
  client = new OpenAI({ apiKey: 'sk-test-abcd', baseURL: srv.baseURL, maxRetries: 0 });
});
after(() => srv.close());
beforeEach(() => srv.control('POST', '/reset'));

const post = (path: string, body: string, auth = 'Bearer sk-test') =>
  fetch(`${srv.origin}${path}`, { method: 'POST', headers: { authorization: auth, 'content-type': 'application/json' }, body });

test('request log records method, path, parsed body, status, time, key hint and derived note', async () => {
  await client.responses.create({ model: 'gpt-4o-mini', instructions: 'Be brief.', input: 'Hi', metadata: { ws: '7' } });
  clock += 1000;
  await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Yo' }] }).catch(() => {});
  await srv.knobs({ error500: { failNext: 1 } });
  await client.responses.create({ model: 'gpt-4o-mini', input: 'again' }).catch(() => {});

  const all = await srv.requests();
  assert.deepEqual(all.map((e) => [e.seq, e.method, e.path, e.status]), [
    [1, 'POST', '/v1/responses', 200],
    [2, 'POST', '/v1/chat/completions', 200],
    [3, 'POST', '/v1/responses', 500],
  ]);
  const first = all[0];
  assert.deepEqual(first.body, { model: 'gpt-4o-mini', instructions: 'Be brief.', input: 'Hi', metadata: { ws: '7' } });
  assert.equal(first.time, 1_700_000_000_000);
  assert.equal(all[1].time, 1_700_000_001_000);
  assert.equal(first.apiKeyHint, 'abcd');
  assert.deepEqual(first.note, { instructions: 'Be brief.', lastUserText: 'Hi', conversation: null });
  assert.equal(typeof first.durationMs, 'number');

  const responsesOnly = await srv.requests({ path: '/v1/responses', limit: 1 });
  assert.deepEqual(responsesOnly.map((e) => e.seq), [3], 'limit keeps the newest');
  assert.equal((await srv.requests({ method: 'get' })).length, 0);

  await srv.control('DELETE', '/requests');
  assert.equal((await srv.requests()).length, 0);
});

test('malformed JSON -> 400 (logged with the raw body); control too', async () => {
  const res = await post('/v1/responses', '{"model": "m", ');
  assert.equal(res.status, 400);
  const body = (await res.json()) as { error: { message: string; type: string } };
  assert.match(body.error.message, /could not parse the JSON body/);
  assert.equal(body.error.type, 'invalid_request_error');
  const [entry] = await srv.requests();
  assert.equal(entry.body, '{"model": "m", ');
  assert.equal(entry.status, 400);

  const ctl = await fetch(`${srv.origin}/control/openai/knobs`, { method: 'PATCH', body: 'nope' });
  assert.equal(ctl.status, 400);
});

test('unknown routes -> 404 in OpenAI error shape', async () => {
  const res = await fetch(`${srv.baseURL}/embeddingz`, { headers: { authorization: 'Bearer sk-test' } });
  assert.equal(res.status, 404);
  assert.deepEqual(await res.json(), { error: { message: 'Invalid URL (GET /v1/embeddingz)', type: 'invalid_request_error', param: null, code: null } });
  const wrongMethod = await fetch(`${srv.baseURL}/responses`, { headers: { authorization: 'Bearer sk-test' } });
  assert.equal(wrongMethod.status, 404);
  const ctl = await fetch(`${srv.origin}/control/openai/nothing`);
  assert.equal(ctl.status, 404);
});

test('knobs: GET returns canonical values, PATCH validates, null restores defaults, reset clears', async () => {
  const k = await srv.knobs({ rateLimit429: 0.25, errorRate500: 0.1, replies: { a: 'b' }, invalidKeys: ['x'] });
  assert.deepEqual((k as { rateLimit429: unknown }).rateLimit429, { rate: 0.25, failNext: 0, retryAfterSeconds: 1, code: 'rate_limit_exceeded' });
  assert.deepEqual((k as { error500: unknown }).error500, { rate: 0.1, failNext: 0, status: 500 });
  assert.deepEqual((k as { replies: unknown }).replies, [{ match: 'a', reply: 'b' }]);

  await assert.rejects(srv.knobs({ errorRate500: 2 }), /400/);
  await assert.rejects(srv.knobs({ latncyMs: 5 } as never), /400/);
  await assert.rejects(srv.knobs({ replies: [{ match: '/(/', reply: 'x' }] }), /bad regular expression/);

  const restored = (await srv.knobs({ rateLimit429: null })) as { rateLimit429: { rate: number } };
  assert.equal(restored.rateLimit429.rate, 0);

  await srv.control('POST', '/prompts', { id: 'pmpt_1', instructions: 'x' });
  await client.conversations.create();
  await srv.control('POST', '/reset');
  const after = (await srv.control('GET', '/knobs')) as { replies: unknown[]; invalidKeys: string[] };
  assert.deepEqual([after.replies, after.invalidKeys], [[], []]);
  assert.deepEqual(await srv.control('GET', '/prompts'), { data: [] });
  assert.deepEqual(await srv.control('GET', '/conversations'), { data: [] });
  assert.deepEqual(await srv.requests(), []);
});

test('prompts: seeding validates and lists versions', async () => {
  const seeded = await srv.control<{ data: unknown[] }>('POST', '/prompts', {
    prompts: [
      { id: 'pmpt_x', instructions: 'one' },
      { id: 'pmpt_x', version: 7, instructions: 'seven' },
    ],
  });
  assert.deepEqual(seeded.data, [
    { id: 'pmpt_x', version: '1', instructions: 'one' },
    { id: 'pmpt_x', version: '7', instructions: 'seven' },
  ]);
  await assert.rejects(srv.control('POST', '/prompts', { id: 'pmpt_y' }), /instructions/);
});

test('options.knobs set the baseline that reset() returns to', async () => {
  const own = await startOpenAiSim({ knobs: { replies: { ping: 'pong' } } });
  try {
    const c = new OpenAI({ apiKey: 'k', baseURL: own.baseURL, maxRetries: 0 });
    await own.knobs({ replies: null });
    own.sim.reset();
    assert.equal((await c.responses.create({ model: 'm', input: 'ping' })).output_text, 'pong');
  } finally {
    await own.close();
  }
  assert.throws(() => createOpenAiSim({ knobs: { errorRate500: 3 } }), /Invalid knobs/);
});

test('the request log is bounded to 10,000 entries', async () => {
  const sim = createOpenAiSim();
  const req = { method: 'GET', headers: { authorization: 'Bearer k' } } as unknown as IncomingMessage;
  const sink = () => ({ headersSent: false, destroyed: false, writeHead() { return this; }, end() {} }) as unknown as ServerResponse;
  for (let i = 0; i < 10_005; i++) await sim.handle(req, sink(), '/v1/models', Buffer.alloc(0));
  let body = '';
  const res = { headersSent: false, destroyed: false, writeHead() { return this; }, end(b: string) { body = b; } } as unknown as ServerResponse;
  await sim.handle(req, res, '/control/openai/requests?limit=2', Buffer.alloc(0));
  const log = JSON.parse(body) as { data: Array<{ seq: number }>; total: number };
  assert.equal(log.total, 10_000);
  assert.deepEqual(log.data.map((e) => e.seq), [10_004, 10_005]);
  sim.close();
});
