// /v1/conversations and responses that use a conversation, through the openai SDK.
import assert from 'node:assert/strict';
import { after, before, beforeEach, test } from 'node:test';
import OpenAI from 'openai';
import { startOpenAiSim, type TestOpenAiServer } from './test-server.ts';

let clock = Date.UTC(2025, 0, 1);
let srv: TestOpenAiServer;
let client: OpenAI;

before(async () => {
  srv = await startOpenAiSim({ now: () => clock });
  client = new OpenAI({ apiKey: 'sk-test', baseURL: srv.baseURL, maxRetries: 0 });
});
after(() => srv.close());
beforeEach(() => srv.control('POST', '/reset'));

type ItemView = { id: string; type: string; role?: string; content?: Array<{ type: string; text?: string }> };
const texts = (items: ItemView[]) => items.map((i) => `${i.role}:${i.content?.map((c) => c.text).join('')}`);

test('conversation: create, two responses, items accumulate, delete', async () => {
  const conv = await client.conversations.create({ metadata: { contact: '+351900000001' } });
  assert.match(conv.id, /^conv_[0-9a-f]{48}$/);
  assert.equal(conv.object, 'conversation');
  assert.equal(conv.created_at, clock / 1000);
  assert.deepEqual(conv.metadata, { contact: '+351900000001' });

  const r1 = await client.responses.create({ model: 'gpt-4o-mini', conversation: conv.id, input: 'I want a cake' });
  assert.deepEqual(r1.conversation, { id: conv.id });
  assert.equal(r1.output_text, 'Echo: I want a cake');

  // Only the new input is sent; the stored items become context and count as input tokens.
  const r2 = await client.responses.create({ model: 'gpt-4o-mini', conversation: { id: conv.id }, input: [{ role: 'user', content: 'chocolate' }] });
  assert.equal(r2.output_text, 'Echo: chocolate');
  assert.ok((r2.usage?.input_tokens ?? 0) > (r1.usage?.input_tokens ?? 0));

  const asc = await client.conversations.items.list(conv.id, { order: 'asc' });
  assert.deepEqual(texts(asc.data as ItemView[]), [
    'user:I want a cake',
    'assistant:Echo: I want a cake',
    'user:chocolate',
    'assistant:Echo: chocolate',
  ]);
  assert.equal((asc.data[1] as ItemView).content?.[0].type, 'output_text');
  // Default order is newest first, like the API.
  const desc = await client.conversations.items.list(conv.id);
  assert.equal((desc.data[0] as ItemView).id, r2.output[0].id);

  const got = await client.conversations.retrieve(conv.id);
  assert.equal(got.id, conv.id);

  const deleted = await client.conversations.delete(conv.id);
  assert.deepEqual(deleted, { id: conv.id, object: 'conversation.deleted', deleted: true });
  await assert.rejects(client.conversations.retrieve(conv.id), OpenAI.NotFoundError);
  await assert.rejects(client.responses.create({ model: 'm', conversation: conv.id, input: 'x' }), OpenAI.NotFoundError);

  const control = await srv.control<{ data: Array<{ id: string; deleted: boolean; item_count: number }> }>('GET', '/conversations');
  assert.deepEqual(control.data.map((c) => [c.id, c.deleted, c.item_count]), [[conv.id, true, 4]]);
});

test('create with initial items; items pagination with the SDK iterator', async () => {
  const conv = await client.conversations.create({
    items: [
      { type: 'message', role: 'system', content: 'You are Parley.' },
      { role: 'user', content: 'one' },
      { role: 'user', content: 'two' },
    ],
  });
  await client.conversations.items.create(conv.id, { items: [{ role: 'user', content: 'three' }] });
  const seen: string[] = [];
  for await (const item of client.conversations.items.list(conv.id, { order: 'asc', limit: 2 })) {
    seen.push(texts([item as ItemView])[0]);
  }
  assert.deepEqual(seen, ['system:You are Parley.', 'user:one', 'user:two', 'user:three']);
  const r = await client.responses.create({ model: 'm', conversation: conv.id, input: [{ role: 'assistant', content: 'hm' }] });
  assert.equal(r.output_text, 'Echo: three', 'falls back to the last user message in the stored context');
});

test('unknown conversation -> 404 with param conversation; conversation + previous_response_id -> 400', async () => {
  await assert.rejects(client.responses.create({ model: 'm', conversation: 'conv_missing', input: 'x' }), (e: unknown) => {
    assert.ok(e instanceof OpenAI.NotFoundError);
    assert.equal(e.param, 'conversation');
    assert.match(e.message, /conv_missing/);
    return true;
  });
  const conv = await client.conversations.create();
  const r = await client.responses.create({ model: 'm', input: 'x' });
  await assert.rejects(client.responses.create({ model: 'm', conversation: conv.id, previous_response_id: r.id, input: 'y' }), OpenAI.BadRequestError);
});

test('control: age a conversation so the app sees it as idle', async () => {
  const conv = await client.conversations.create();
  const aged = await srv.control<{ created_at: number; last_activity_at: number }>('PATCH', `/conversations/${conv.id}`, { ageDays: 21 });
  assert.equal(aged.created_at, conv.created_at - 21 * 86_400);
  assert.equal(aged.last_activity_at, conv.created_at - 21 * 86_400);
  assert.equal((await client.conversations.retrieve(conv.id)).created_at, conv.created_at - 21 * 86_400);

  // A response bumps last activity to "now" (the injected clock).
  clock += 60_000;
  await client.responses.create({ model: 'm', conversation: conv.id, input: 'back again' });
  const view = await srv.control<{ last_activity_at: number; created_at: number }>('GET', `/conversations/${conv.id}`);
  assert.equal(view.last_activity_at, clock / 1000);

  const set = await srv.control<{ created_at: number }>('PATCH', `/conversations/${conv.id}`, { created_at: 1_600_000_000 });
  assert.equal(set.created_at, 1_600_000_000);
});

test('update metadata; delete an item', async () => {
  const conv = await client.conversations.create({ items: [{ role: 'user', content: 'a' }, { role: 'user', content: 'b' }] });
  const updated = await client.conversations.update(conv.id, { metadata: { stage: 'won' } });
  assert.deepEqual(updated.metadata, { stage: 'won' });
  const items = await client.conversations.items.list(conv.id, { order: 'asc' });
  await client.conversations.items.delete(items.data[0].id as string, { conversation_id: conv.id });
  const left = await client.conversations.items.list(conv.id, { order: 'asc' });
  assert.deepEqual(texts(left.data as ItemView[]), ['user:b']);
});

test('function tools: the model calls one on a scripted message, and a conversation cannot go on past an unanswered call', async () => {
  await srv.control('PATCH', '/knobs', { toolCalls: [{ match: 'human', name: 'hand_over_to_human', arguments: { reason: 'asked' } }] });
  const tools = [{ type: 'function' as const, name: 'hand_over_to_human', description: 'Hand over', parameters: { type: 'object', properties: { reason: { type: 'string' } }, required: ['reason'], additionalProperties: false }, strict: true }];
  const conv = await client.conversations.create({});
  const plain = await client.responses.create({ model: 'm', conversation: conv.id, input: 'hi', tools });
  assert.equal(plain.output_text, 'Echo: hi', 'no match: an answer');
  const offeredNothing = await client.responses.create({ model: 'm', input: 'a human please' });
  assert.equal(offeredNothing.output_text, 'Echo: a human please', 'a function the request does not offer is never called');
  const r = await client.responses.create({ model: 'm', conversation: conv.id, input: 'a human please', tools });
  const [call] = r.output;
  assert.equal(call?.type, 'function_call');
  assert.deepEqual(call?.type === 'function_call' && [call.name, JSON.parse(call.arguments)], ['hand_over_to_human', { reason: 'asked' }]);
  assert.equal(r.output_text, '');
  await assert.rejects(client.responses.create({ model: 'm', conversation: conv.id, input: 'hello again', tools }), (err: InstanceType<typeof OpenAI.APIError>) => err.status === 400 && /No tool output found/.test(err.message));
  const callId = call?.type === 'function_call' ? call.call_id : '';
  const answered = await client.responses.create({ model: 'm', conversation: conv.id, input: [{ type: 'function_call_output', call_id: callId, output: 'ok' }, { role: 'user', content: 'thanks' }], tools });
  assert.equal(answered.output_text, 'Echo: thanks');
  await assert.rejects(client.responses.create({ model: 'm', input: 'x', tools: [{ type: 'function', name: '' } as never] }), (err: InstanceType<typeof OpenAI.APIError>) => err.status === 400);
});
