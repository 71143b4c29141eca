// /v1/responses through the official openai SDK against the simulator.
import assert from 'node:assert/strict';
import { after, before, beforeEach, test } from 'node:test';
import OpenAI from 'openai';
import { zodTextFormat } from 'openai/helpers/zod';
import { z } from 'zod';
import { validate } from './schema-check.ts';
import { startOpenAiSim, type TestOpenAiServer } from './test-server.ts';

const NOW = Date.UTC(2025, 0, 15, 12, 0, 0);
let srv: TestOpenAiServer;
let client: OpenAI;

before(async () => {
  srv = await startOpenAiSim({ now: () => NOW });
  client = new OpenAI({ apiKey: 'sk-test', baseURL: srv.baseURL, maxRetries: 0 });
});
after(() => srv.close());
beforeEach(() => srv.control('POST', '/reset'));

test('input + instructions: echo reply, output_text, usage from text length', async () => {
  const r = await client.responses.create({ model: 'gpt-4o-mini', instructions: 'Be brief.', input: 'Hello there' });
  assert.equal(r.object, 'response');
  assert.match(r.id, /^resp_[0-9a-f]{48}$/);
  assert.equal(r.status, 'completed');
  assert.equal(r.model, 'gpt-4o-mini');
  assert.equal(r.created_at, NOW / 1000);
  assert.equal(r.instructions, 'Be brief.');
  assert.equal(r.output_text, 'Echo: Hello there');
  const msg = r.output[0];
  assert.equal(msg.type, 'message');
  assert.ok(msg.type === 'message' && msg.role === 'assistant' && msg.status === 'completed');
  // ceil(9/4) + ceil(11/4) input, ceil(17/4) output
  assert.deepEqual(
    { in: r.usage?.input_tokens, out: r.usage?.output_tokens, total: r.usage?.total_tokens },
    { in: 3 + 3, out: 5, total: 11 },
  );
  assert.equal(r.usage?.input_tokens_details.cached_tokens, 0);
  assert.equal(r.usage?.output_tokens_details.reasoning_tokens, 0);
  assert.equal(r.conversation, null);
});

test('same seed and requests give the same ids and replies', async () => {
  const first = await client.responses.create({ model: 'gpt-4o-mini', input: 'hi' });
  await srv.control('POST', '/reset');
  const again = await client.responses.create({ model: 'gpt-4o-mini', input: 'hi' });
  assert.equal(again.id, first.id);
  assert.equal(again.output_text, first.output_text);
});

test('array input: the reply is about the last user message', async () => {
  const r = await client.responses.create({
    model: 'gpt-4o-mini',
    input: [
      { role: 'user', content: 'first question' },
      { role: 'assistant', content: 'an answer' },
      { role: 'user', content: [{ type: 'input_text', text: 'second question' }] },
    ],
  });
  assert.equal(r.output_text, 'Echo: second question');
});

test('replies knob scripts the assistant (substring and regex, first match wins)', async () => {
  await srv.knobs({ replies: [{ match: 'PRICE', reply: 'It costs $5.' }, { match: '/^hi\\b/i', reply: 'Hello! You said: {{input}}' }] });
  const a = await client.responses.create({ model: 'gpt-4o-mini', input: 'what is the price?' });
  const b = await client.responses.create({ model: 'gpt-4o-mini', input: 'Hi bot' });
  const c = await client.responses.create({ model: 'gpt-4o-mini', input: 'other' });
  assert.deepEqual([a.output_text, b.output_text, c.output_text], ['It costs $5.', 'Hello! You said: Hi bot', 'Echo: other']);
});

test('prompt {id, version, variables} renders the seeded template', async () => {
  await srv.control('POST', '/prompts', { id: 'pmpt_sales', instructions: 'v1 for {{business}}' });
  await srv.control('POST', '/prompts', { id: 'pmpt_sales', instructions: 'You sell for {{ business }} in {{city}}.', model: 'gpt-4.1-mini' });
  const r = await client.responses.create({
    model: 'gpt-4o-mini',
    prompt: { id: 'pmpt_sales', version: '2', variables: { business: 'Ana Bakery', city: { type: 'input_text', text: 'Lisbon' } } },
    input: 'hello',
  });
  assert.deepEqual(r.instructions, [
    { type: 'message', role: 'developer', content: [{ type: 'input_text', text: 'You sell for Ana Bakery in Lisbon.' }] },
  ]);
  assert.equal(r.prompt?.id, 'pmpt_sales');
  assert.equal(r.prompt?.version, '2');
  const [logged] = await srv.requests({ path: '/v1/responses' });
  assert.equal(logged.note?.instructions, 'You sell for Ana Bakery in Lisbon.');

  // No version -> latest; no model -> the prompt's model.
  const latest = await client.responses.create({ prompt: { id: 'pmpt_sales', variables: { business: 'B', city: 'C' } }, input: 'x' });
  assert.equal(latest.prompt?.version, '2');
  assert.equal(latest.model, 'gpt-4.1-mini');
  const v1 = await client.responses.create({ model: 'm', prompt: { id: 'pmpt_sales', version: '1', variables: { business: 'B' } }, input: 'x' });
  assert.equal((v1.instructions as Array<{ content: Array<{ text: string }> }>)[0].content[0].text, 'v1 for B');
});

test('prompt errors: unknown id/version -> 404, missing variable -> 400', async () => {
  await srv.control('POST', '/prompts', { prompts: [{ id: 'pmpt_a', version: '3', instructions: 'Hi {{name}}' }] });
  await assert.rejects(client.responses.create({ model: 'm', prompt: { id: 'pmpt_nope' }, input: 'x' }), (e: unknown) => {
    assert.ok(e instanceof OpenAI.NotFoundError);
    assert.equal(e.param, 'prompt.id');
    return true;
  });
  await assert.rejects(client.responses.create({ model: 'm', prompt: { id: 'pmpt_a', version: '9' }, input: 'x' }), OpenAI.NotFoundError);
  await assert.rejects(client.responses.create({ model: 'm', prompt: { id: 'pmpt_a' }, input: 'x' }), (e: unknown) => {
    assert.ok(e instanceof OpenAI.BadRequestError);
    assert.match(e.message, /Missing prompt variables: name/);
    return true;
  });
});

test('json_schema text.format returns schema-valid JSON', async () => {
  const schema = {
    type: 'object',
    additionalProperties: false,
    required: ['name', 'email', 'phone', 'budget', 'seats', 'hot', 'stage', 'tags', 'follow_up_at', 'notes', 'address'],
    properties: {
      name: { type: 'string' },
      email: { type: 'string', format: 'email' },
      phone: { type: 'string', pattern: '^\\+[1-9]\\d{6,14}$' },
      budget: { type: ['number', 'null'], minimum: 100 },
      seats: { type: 'integer', minimum: 1, maximum: 5 },
      hot: { type: 'boolean' },
      stage: { type: 'string', enum: ['new', 'qualified', 'won'] },
      tags: { type: 'array', items: { type: 'string', enum: ['a', 'b', 'c'] }, minItems: 2 },
      follow_up_at: { anyOf: [{ type: 'string', format: 'date-time' }, { type: 'null' }] },
      notes: { anyOf: [{ type: 'null' }, { type: 'string', maxLength: 5 }] },
      address: { $ref: '#/$defs/address' },
    },
    $defs: {
      address: { type: 'object', additionalProperties: false, required: ['city'], properties: { city: { type: 'string' } } },
    },
  };
  const r = await client.responses.create({
    model: 'gpt-4o-mini',
    input: 'extract the lead',
    text: { format: { type: 'json_schema', name: 'lead', schema, strict: true } },
  });
  const value = JSON.parse(r.output_text);
  assert.deepEqual(validate(schema, value), []);
  assert.equal(value.stage, 'new');
  assert.deepEqual(value.tags, ['a', 'b']);
  assert.deepEqual(r.text?.format, { type: 'json_schema', name: 'lead', schema, strict: true });
});

test('json_schema via zodTextFormat + responses.parse, and jsonOverride per schema name', async () => {
  const Lead = z.object({
    name: z.string().nullable(),
    email: z.email(),
    when: z.iso.datetime(),
    id: z.uuid(),
    intent: z.enum(['buy', 'browse']),
    score: z.number().int().min(0).max(10),
    items: z.array(z.object({ sku: z.string(), qty: z.number().int().positive() })),
  });
  const parsed = await client.responses.parse({ model: 'gpt-4o-mini', input: 'x', text: { format: zodTextFormat(Lead, 'lead') } });
  assert.ok(parsed.output_parsed);
  assert.equal(parsed.output_parsed.intent, 'buy');

  const override = { name: 'Ana', email: 'ana@example.com', when: '2025-02-01T10:00:00Z', id: '123e4567-e89b-42d3-a456-426614174000', intent: 'browse', score: 7, items: [] };
  await srv.knobs({ jsonOverride: { lead: override } });
  const forced = await client.responses.parse({ model: 'gpt-4o-mini', input: 'x', text: { format: zodTextFormat(Lead, 'lead') } });
  assert.deepEqual(forced.output_parsed, override);

  // A string override is returned raw, to test the app's handling of bad model output.
  await srv.knobs({ jsonOverride: { lead: 'not json' } });
  const raw = await client.responses.create({ model: 'm', input: 'x', text: { format: { type: 'json_schema', name: 'lead', schema: {} } } });
  assert.equal(raw.output_text, 'not json');
});

test('previous_response_id chains context; store:false responses cannot be chained', async () => {
  const first = await client.responses.create({ model: 'm', input: 'remember me' });
  const second = await client.responses.create({ model: 'm', previous_response_id: first.id, input: [{ role: 'assistant', content: 'ok' }] });
  assert.equal(second.output_text, 'Echo: remember me');
  assert.equal(second.previous_response_id, first.id);
  assert.ok((second.usage?.input_tokens ?? 0) > (first.usage?.input_tokens ?? 0));
  const retrieved = await client.responses.retrieve(second.id);
  assert.equal(retrieved.output_text, 'Echo: remember me');

  const unstored = await client.responses.create({ model: 'm', input: 'x', store: false });
  await assert.rejects(client.responses.create({ model: 'm', previous_response_id: unstored.id, input: 'y' }), OpenAI.NotFoundError);
});

test('validation errors look like OpenAI (param set)', async () => {
  const bad = async (body: Record<string, unknown>, param: string) => {
    await assert.rejects(client.responses.create(body as never), (e: unknown) => {
      assert.ok(e instanceof OpenAI.BadRequestError, String(e));
      assert.equal(e.param, param);
      assert.equal(e.type, 'invalid_request_error');
      return true;
    });
  };
  await bad({ input: 'x' }, 'model');
  await bad({ model: 'm' }, 'input');
  await bad({ model: 'm', input: [{ role: 'robot', content: 'x' }] }, 'input[0].role');
  await bad({ model: 'm', input: 'x', text: { format: { type: 'json_schema', schema: {} } } }, 'text.format.name');
  await bad({ model: 'm', input: 'x', stream: false, metadata: 'nope' }, 'metadata');
  const streamed = await fetch(`${srv.baseURL}/responses`, {
    method: 'POST',
    headers: { authorization: 'Bearer sk-test', 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'm', input: 'x', stream: true }),
  });
  assert.equal(streamed.status, 400);
  assert.match(((await streamed.json()) as { error: { message: string } }).error.message, /stream/);
});
