// /v1/chat/completions and /v1/models through the openai SDK.
import assert from 'node:assert/strict';
import { after, before, beforeEach, test } from 'node:test';
import OpenAI from 'openai';
import { zodResponseFormat } from 'openai/helpers/zod';
import { z } from 'zod';
import { validate } from './schema-check.ts';
import { startOpenAiSim, type TestOpenAiServer } from './test-server.ts';

let srv: TestOpenAiServer;
let client: OpenAI;

before(async () => {
  srv = await startOpenAiSim({ now: () => 1_736_942_400_000 });
  client = new OpenAI({ apiKey: 'sk-test', baseURL: srv.baseURL, maxRetries: 0 });
});
after(() => srv.close());
beforeEach(() => srv.control('POST', '/reset'));

test('chat.completions.create: echo of the last user message, usage', async () => {
  const c = await client.chat.completions.create({
    model: 'gpt-4o-mini',
    messages: [
      { role: 'system', content: 'Be nice.' },
      { role: 'user', content: 'first' },
      { role: 'assistant', content: 'ok' },
      { role: 'user', content: [{ type: 'text', text: 'Do you ship?' }] },
    ],
  });
  assert.match(c.id, /^chatcmpl-[0-9a-f]{29}$/);
  assert.equal(c.object, 'chat.completion');
  assert.equal(c.created, 1_736_942_400);
  assert.equal(c.model, 'gpt-4o-mini');
  assert.equal(c.choices.length, 1);
  assert.deepEqual(
    { index: c.choices[0].index, finish: c.choices[0].finish_reason, role: c.choices[0].message.role, content: c.choices[0].message.content, refusal: c.choices[0].message.refusal, logprobs: c.choices[0].logprobs },
    { index: 0, finish: 'stop', role: 'assistant', content: 'Echo: Do you ship?', refusal: null, logprobs: null },
  );
  // ceil(8/4)+ceil(5/4)+ceil(2/4)+ceil(12/4) = 2+2+1+3; ceil(18/4) = 5
  assert.deepEqual([c.usage?.prompt_tokens, c.usage?.completion_tokens, c.usage?.total_tokens], [8, 5, 13]);
});

test('chat replies knob applies too', async () => {
  await srv.knobs({ replies: { hours: 'We open at 9.' } });
  const c = await client.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'Opening HOURS?' }] });
  assert.equal(c.choices[0].message.content, 'We open at 9.');
});

test('response_format json_schema: schema-valid content; parse() with zod; jsonOverride', async () => {
  const schema = {
    type: 'object',
    additionalProperties: false,
    required: ['intent', 'confidence', 'contact'],
    properties: {
      intent: { type: 'string', enum: ['order', 'question'] },
      confidence: { type: 'number', minimum: 0, maximum: 1 },
      contact: { type: ['object', 'null'], properties: { email: { type: 'string', format: 'email' } }, required: ['email'], additionalProperties: false },
    },
  };
  const c = await client.chat.completions.create({
    model: 'm',
    messages: [{ role: 'user', content: 'classify' }],
    response_format: { type: 'json_schema', json_schema: { name: 'intent', schema, strict: true } },
  });
  const value = JSON.parse(c.choices[0].message.content ?? '');
  assert.deepEqual(validate(schema, value), []);

  const Intent = z.object({ intent: z.enum(['order', 'question']), at: z.iso.datetime() });
  const parsed = await client.chat.completions.parse({ model: 'm', messages: [{ role: 'user', content: 'x' }], response_format: zodResponseFormat(Intent, 'intent2') });
  assert.equal(parsed.choices[0].message.parsed?.intent, 'order');

  await srv.knobs({ jsonOverride: { intent2: { intent: 'question', at: '2025-01-01T00:00:00Z' } } });
  const forced = await client.chat.completions.parse({ model: 'm', messages: [{ role: 'user', content: 'x' }], response_format: zodResponseFormat(Intent, 'intent2') });
  assert.deepEqual(forced.choices[0].message.parsed, { intent: 'question', at: '2025-01-01T00:00:00Z' });
});

test('chat validation: model, messages, role, stream', async () => {
  const expect400 = async (body: unknown, param: string) =>
    assert.rejects(client.chat.completions.create(body as never), (e: unknown) => {
      assert.ok(e instanceof OpenAI.BadRequestError, String(e));
      assert.equal(e.param, param);
      return true;
    });
  await expect400({ messages: [{ role: 'user', content: 'x' }] }, 'model');
  await expect400({ model: 'm' }, 'messages');
  await expect400({ model: 'm', messages: [] }, 'messages');
  await expect400({ model: 'm', messages: [{ role: 'bot', content: 'x' }] }, 'messages[0].role');
  const res = await fetch(`${srv.baseURL}/chat/completions`, {
    method: 'POST',
    headers: { authorization: 'Bearer sk-test', 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'm', messages: [{ role: 'user', content: 'x' }], stream: true }),
  });
  assert.equal(res.status, 400);
  assert.equal(((await res.json()) as { error: { param: string } }).error.param, 'stream');
});

test('models list and retrieve', async () => {
  const page = await client.models.list();
  assert.ok(page.data.some((m) => m.id === 'gpt-4o-mini'));
  assert.equal((await client.models.retrieve('gpt-4o')).id, 'gpt-4o');
  await assert.rejects(client.models.retrieve('nope'), OpenAI.NotFoundError);
});
