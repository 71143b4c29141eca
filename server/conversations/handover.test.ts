import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { asksForHuman, botIsPaused, botResumesAt } from './handover.ts';

describe('asksForHuman', () => {
  const asks = [
    'human', 'Human please', 'agent', 'AGENT!!', 'real person', 'customer care', 'representative?',
    'Can I talk to a human?', 'I want to speak with someone from your team', 'please connect me to an agent',
    'transfer me to a real person', 'is there a live agent', 'I need a human', 'let me chat with a representative',
    'kisi insaan se baat karao', 'executive se baat karni hai', 'mujhe kisi se baat karni hai', 'agent se connect karo',
    'इंसान से बात करनी है', 'किसी एजेंट से बात कराइए', 'एजेंट',
  ];
  const questions = [
    'What are your opening hours?', 'Is the delivery agent coming today?', 'my travel agent booked it', 'Price of the 5 kg pack?',
    'Who is the person in the ad?', 'human hair wig price', 'I spoke to someone yesterday and they said 10 am', 'hi', '',
    'kal baat karte hain', 'कीमत क्या है?', `talk to a human ${'x'.repeat(400)}`,
  ];
  for (const text of asks) it(`hears a request: ${text}`, () => assert.equal(asksForHuman(text), true));
  for (const text of questions) it(`leaves a question to the bot: ${text.slice(0, 40)}`, () => assert.equal(asksForHuman(text), false));
  it('survives odd input', () => {
    for (const text of ['\u0000', '\uD800 human', '  \n human \n ', 'ｈｕｍａｎ', '🙂'.repeat(100)]) assert.doesNotThrow(() => asksForHuman(text));
    assert.equal(asksForHuman('  \n human \n '), true);
    assert.equal(asksForHuman('ｈｕｍａｎ'), true, 'full-width letters are the same word');
  });
});

describe('the bots’ pause', () => {
  const t0 = new Date('2026-12-02T10:00:00Z');
  const at = (minutes: number) => new Date(t0.getTime() + minutes * 60_000);

  it('ends after the idle time, or never without one', () => {
    assert.deepEqual(botResumesAt(t0, 60), at(60));
    assert.equal(botResumesAt(t0, null), null);
    assert.equal(botResumesAt(t0, 0), null);
  });

  it('is on from the pause until it resumes, not after', () => {
    const paused = { bot_paused_at: t0, bot_resumes_at: at(60) };
    assert.equal(botIsPaused(paused, at(0)), true);
    assert.equal(botIsPaused(paused, at(59.99)), true);
    assert.equal(botIsPaused(paused, at(60)), false);
    assert.equal(botIsPaused({ bot_paused_at: t0, bot_resumes_at: null }, at(60 * 24 * 365)), true);
    assert.equal(botIsPaused({ bot_paused_at: null, bot_resumes_at: null }, t0), false);
    assert.equal(botIsPaused({ bot_paused_at: null, bot_resumes_at: at(60) }, t0), false);
  });
});
