import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { aiReplyStatus, type AiStatusInput } from './ai-status.ts';

const ready: AiStatusInput = {
  llm: { apiKey: 'sk-x', baseUrl: 'https://api.openai.com/v1', model: 'gpt-4o-mini', creditsEnforced: false, creditsPerReply: 1 },
  balance: null,
  numbers: [{ id: 'n1', name: 'Desk', isActive: true, agent: 'on' }],
};
const codes = (input: AiStatusInput) => aiReplyStatus(input).reasons.map((r) => r.code);
const withLlm = (over: Partial<AiStatusInput['llm']>, rest: Partial<AiStatusInput> = {}) => ({ ...ready, ...rest, llm: { ...ready.llm, ...over } });

describe('AI reply status', () => {
  it('is active with a key, an agent on an active number, and credits off', () => {
    const s = aiReplyStatus(ready);
    assert.deepEqual([s.active, s.reasons, s.answeringNumbers], [true, [], [{ id: 'n1', name: 'Desk' }]]);
  });

  it('names each missing LLM setting', () => {
    assert.deepEqual(codes(withLlm({ apiKey: null })), ['no_api_key']);
    assert.deepEqual(codes(withLlm({ baseUrl: ' ', model: '' })), ['no_base_url', 'no_model']);
  });

  it('counts credits only when they are enforced', () => {
    assert.deepEqual(codes(withLlm({ creditsEnforced: false }, { balance: -5 })), []);
    assert.deepEqual(codes(withLlm({ creditsEnforced: true }, { balance: 0 })), ['no_credits']);
    assert.deepEqual(codes(withLlm({ creditsEnforced: true, creditsPerReply: 3 }, { balance: 2 })), ['no_credits']);
    assert.deepEqual(codes(withLlm({ creditsEnforced: true, creditsPerReply: 3 }, { balance: 3 })), []);
    assert.deepEqual(codes(withLlm({ creditsEnforced: true, creditsPerReply: 0 }, { balance: 0 })), [], 'free replies need no balance');
  });

  it('needs an active number with an agent switched on', () => {
    assert.deepEqual(codes({ ...ready, numbers: [] }), ['no_active_number']);
    assert.deepEqual(codes({ ...ready, numbers: [{ id: 'n1', name: 'Desk', isActive: false, agent: 'on' }] }), ['no_active_number']);
    assert.deepEqual(codes({ ...ready, numbers: [{ id: 'n1', name: 'Desk', isActive: true, agent: 'off' }, { id: 'n2', name: 'Shop', isActive: true, agent: 'none' }] }), ['no_agent']);
    const s = aiReplyStatus({ ...ready, numbers: [{ id: 'n1', name: 'Desk', isActive: false, agent: 'on' }, { id: 'n2', name: 'Shop', isActive: true, agent: 'on' }] });
    assert.deepEqual([s.active, s.answeringNumbers], [true, [{ id: 'n2', name: 'Shop' }]]);
  });

  it('lists every reason at once', () => {
    assert.deepEqual(codes({ llm: { ...ready.llm, apiKey: null, creditsEnforced: true }, balance: 0, numbers: [] }), ['no_api_key', 'no_credits', 'no_active_number']);
  });
});
