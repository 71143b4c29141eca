import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { containsKeyword, normalizeText, pickRule, ruleMatches, type Rule } from './rule-match.ts';

const rule = (id: string, over: Partial<Rule> = {}): Rule => ({
  id,
  number_id: null,
  keywords: ['price'],
  match_mode: 'any',
  priority: 0,
  is_enabled: true,
  created_at: '2026-01-01T00:00:00Z',
  ...over,
});

describe('keyword rule matching', () => {
  it('matches whole words and phrases case-insensitively, ignoring punctuation', () => {
    const t = normalizeText('What is the PRICE of the Blue-Shirt?!');
    assert.equal(containsKeyword(t, 'price'), true);
    assert.equal(containsKeyword(t, 'Blue shirt'), true);
    assert.equal(containsKeyword(t, 'pric'), false);
    assert.equal(containsKeyword(normalizeText('priceless'), 'price'), false);
    assert.equal(containsKeyword(t, '   '), false);
    assert.equal(containsKeyword(normalizeText('कीमत क्या है'), 'कीमत'), true);
  });

  it('OR needs one keyword, AND needs all of them', () => {
    const text = normalizeText('do you deliver to Pune?');
    assert.equal(ruleMatches({ keywords: ['deliver', 'shipping'], match_mode: 'any' }, text), true);
    assert.equal(ruleMatches({ keywords: ['deliver', 'shipping'], match_mode: 'all' }, text), false);
    assert.equal(ruleMatches({ keywords: ['deliver', 'pune'], match_mode: 'all' }, text), true);
    assert.equal(ruleMatches({ keywords: [], match_mode: 'any' }, text), false);
    assert.equal(ruleMatches({ keywords: [''], match_mode: 'all' }, text), false);
  });

  it('the highest priority wins, then a rule of the number over a global one, then the oldest', () => {
    const rules = [
      rule('low', { priority: 1 }),
      rule('high', { priority: 5, keywords: ['price', 'shirt'], match_mode: 'all' }),
      rule('other-number', { priority: 9, number_id: 'n2' }),
      rule('disabled', { priority: 10, is_enabled: false }),
    ];
    assert.equal(pickRule(rules, 'n1', 'price of the shirt')?.id, 'high');
    assert.equal(pickRule(rules, 'n1', 'price?')?.id, 'low', 'AND rule needs both words');
    assert.equal(pickRule(rules, 'n2', 'price?')?.id, 'other-number');
    assert.equal(pickRule(rules, 'n1', 'hello'), null);

    const tie = [rule('global'), rule('mine', { number_id: 'n1' })];
    assert.equal(pickRule(tie, 'n1', 'price')?.id, 'mine');
    const older = [rule('new', { created_at: '2026-02-01T00:00:00Z' }), rule('old', { created_at: '2025-12-01T00:00:00Z' })];
    assert.equal(pickRule(older, 'n1', 'price')?.id, 'old');
  });
});
