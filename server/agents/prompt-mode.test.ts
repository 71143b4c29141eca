import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, waitFor, type TestApp } from '../test/harness.ts';
import { conversationIsIdle } from './llm-reply.ts';
import { accountAgentView } from './present.ts';

const PNID = '555000901';
const DAY = 86_400_000;

describe('OpenAI dashboard prompt agents', () => {
  it('treats a conversation idle for 21 days or more as expired (fake clock)', () => {
    const used = new Date('2026-11-01T10:00:00Z');
    assert.equal(conversationIsIdle(null, used), false);
    assert.equal(conversationIsIdle(used, new Date(used.getTime() + 21 * DAY - 1)), false);
    assert.equal(conversationIsIdle(used, new Date(used.getTime() + 21 * DAY)), true);
    assert.equal(conversationIsIdle(used, new Date(used.getTime() + 3 * DAY), 2), true);
  });

  describe('against the simulators', () => {
    let app: TestApp;
    let token: string;
    let numberId: string;
    const call = (method: string, path: string, json?: unknown) => app.call(method, path, token, json);
    const sandbox: TestApp['sandbox'] = (...args) => app.sandbox(...args);
    const responses = async () => ((await sandbox('GET', '/control/openai/requests?path=/v1/responses&method=POST&limit=1000')).data as any[]).map((r) => r.body);
    const conversationsCreated = async () => ((await sandbox('GET', '/control/openai/requests?path=/v1/conversations&method=POST&limit=1000')).data as any[]).length;
    const logCount = async () => Number((await app.ctx.db('reply_logs').count('* as n'))[0]!.n);
    const askAndWait = async (from: string, text: string) => {
      const before = await logCount();
      await sandbox('POST', '/control/inbound', { phone_number_id: PNID, from, type: 'text', text, flush: true });
      await waitFor('a reply outcome', logCount, (n) => n > before);
      return (await app.ctx.db('reply_logs').orderBy('id', 'desc').first()) as any;
    };

    before(async () => {
      app = await startTestApp();
      token = await app.login();
      numberId = (await call('POST', '/api/accounts', { displayName: 'Concierge', phoneNumberId: PNID, wabaId: '660000000901', accessToken: 'sandbox-p', sandbox: true })).body.id;
      await call('PUT', '/api/settings/llm', { apiKey: 'sk-test', baseUrl: `${app.url}/sandbox/v1`, model: 'gpt-sim' });
      await call('POST', '/api/credits', { amount: 100 });
      await sandbox('POST', '/control/openai/prompts', {
        prompts: [
          { id: 'pmpt_concierge', version: '1', instructions: 'You are {{brand}} concierge v1', model: 'gpt-prompt' },
          { id: 'pmpt_concierge', version: '2', instructions: 'You are {{brand}} concierge v2', model: 'gpt-prompt' },
          { id: 'pmpt_sales', version: '1', instructions: 'Sell {{brand}}', model: 'gpt-prompt' },
        ],
      });
    });
    after(() => app.stop());

    it('reuses one OpenAI conversation per customer conversation, recreates it after 21 idle days, and a new prompt id makes a new agent', async () => {
      const set = await call('PUT', `/api/accounts/${numberId}/agent`, { name: 'Concierge', mode: 'openai_prompt', promptId: 'pmpt_concierge', promptVersion: '2', promptVariables: { brand: 'Acme' } });
      assert.equal(set.status, 200, JSON.stringify(set.body));
      const agentId = set.body.agent.id;
      const customer = '919811100001';

      assert.equal((await askAndWait(customer, 'hi there')).outcome, 'sent');
      assert.equal((await askAndWait(customer, 'do you open on Sunday?')).outcome, 'sent');
      const sent = (await responses()).slice(-2);
      assert.equal(await conversationsCreated(), 1, 'one OpenAI conversation for both messages');
      assert.ok(sent[0].conversation && sent[0].conversation === sent[1].conversation, 'the same conversation is passed each time');
      assert.deepEqual(sent[1].prompt, { id: 'pmpt_concierge', version: '2', variables: { brand: 'Acme' } });
      assert.deepEqual(sent[1].input, [{ role: 'user', content: 'do you open on Sunday?' }], 'only the new message: OpenAI holds the context');
      const conv = await app.ctx.db('conversations').where({ account_id: numberId }).first();
      assert.equal(conv.openai_conversation_id, sent[0].conversation);
      assert.equal(conv.agent_id, agentId);

      // A version edit keeps the agent and its conversations.
      const edited = await call('PUT', `/api/accounts/${numberId}/agent`, { name: 'Concierge', mode: 'openai_prompt', promptId: 'pmpt_concierge', promptVersion: '1', promptVariables: { brand: 'Acme' } });
      assert.equal(edited.body.agent.id, agentId);
      assert.equal(edited.body.created, false);

      // 22 days of silence (fake clock: the stored last use and the simulator's conversation age).
      await app.ctx.db('conversations').where({ id: conv.id }).update({ openai_conversation_used_at: new Date(Date.now() - 22 * 86_400_000) });
      await sandbox('PATCH', `/control/openai/conversations/${conv.openai_conversation_id}`, { ageDays: 22 });
      assert.equal((await askAndWait(customer, 'back again')).outcome, 'sent');
      assert.equal(await conversationsCreated(), 2, 'a fresh OpenAI conversation after 21 idle days');
      const renewed = await app.ctx.db('conversations').where({ id: conv.id }).first();
      assert.notEqual(renewed.openai_conversation_id, conv.openai_conversation_id);
      const archive = await app.ctx.db('conversation_archives').where({ conversation_id: conv.id }).first();
      assert.deepEqual([archive.openai_conversation_id, archive.reason], [conv.openai_conversation_id, 'idle_21_days']);
      assert.equal((await app.ctx.db('messages').where({ conversation_id: conv.id, type: 'text' })).length, 6, 'our message history is kept');

      // A different prompt id: conversations archived, a new agent id, the next message starts fresh.
      const replaced = await call('PUT', `/api/accounts/${numberId}/agent`, { name: 'Sales', mode: 'openai_prompt', promptId: 'pmpt_sales', promptVariables: { brand: 'Acme' } });
      assert.equal(replaced.body.created, true);
      assert.notEqual(replaced.body.agent.id, agentId);
      assert.equal(replaced.body.archivedConversations, 1);
      assert.equal((await app.ctx.db('conversations').where({ id: conv.id }).first()).openai_conversation_id, null);
      assert.equal((await askAndWait(customer, 'what do you sell?')).outcome, 'sent');
      assert.equal(await conversationsCreated(), 3);
      assert.equal((await responses()).at(-1).prompt.id, 'pmpt_sales');
      const history = accountAgentView.parse((await call('GET', `/api/accounts/${numberId}/agent`)).body);
      assert.equal(history.agent?.id, replaced.body.agent.id);
      assert.deepEqual(history.previous.map((a) => a.id), [agentId]);
    });

    it('a handover call leaves the OpenAI conversation behind: when the bots resume, a fresh one answers', async () => {
      await call('PUT', `/api/accounts/${numberId}/agent`, { name: 'Concierge', mode: 'openai_prompt', promptId: 'pmpt_concierge', promptVersion: '2', promptVariables: { brand: 'Acme' } });
      await sandbox('PATCH', '/control/openai/knobs', { toolCalls: [{ match: 'manager', name: 'hand_over_to_human', arguments: { reason: 'wants the manager' } }] });
      const customer = '919811100077';
      assert.equal((await askAndWait(customer, 'hello')).outcome, 'sent');
      const created = await conversationsCreated();
      const handover = await askAndWait(customer, 'get me the manager');
      assert.deepEqual([handover.source, handover.outcome, handover.detail], ['agent', 'sent', 'wants the manager']);
      const conv = await app.ctx.db('conversations as c').join('contact_identities as k', 'k.id', 'c.identity_id').where('k.external_id', customer).first('c.id', 'c.openai_conversation_id', 'c.bot_paused_reason');
      assert.deepEqual([conv.openai_conversation_id, conv.bot_paused_reason], [null, 'agent']);
      assert.equal((await app.ctx.db('conversation_archives').where({ conversation_id: conv.id, reason: 'handover' })).length, 1);
      await call('POST', `/api/inbox/conversations/${conv.id}/bot`, { paused: false });
      assert.equal((await askAndWait(customer, 'thanks, one more question')).outcome, 'sent', 'OpenAI would refuse the old conversation with its unanswered call');
      assert.equal(await conversationsCreated(), created + 1);
      await sandbox('PATCH', '/control/openai/knobs', { toolCalls: null });
    });

    it('refuses an incomplete agent with a clear 400', async () => {
      const r = await call('PUT', `/api/accounts/${numberId}/agent`, { name: 'X', mode: 'openai_prompt' });
      assert.equal(r.status, 400);
      assert.match(JSON.stringify(r.body), /promptId is required/);
    });
  });
});
