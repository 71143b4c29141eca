import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { splitReplyText, textMessageBody, textSize, TEXT_LIMIT } from './send.ts';
import { seededRng } from '../../sandbox/rng.ts';

const graphemes = (s: string) => [...new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(s)].map((g) => g.segment);

describe('text replies for Instagram and Messenger', () => {
  it('sends a short reply as it is, and nothing for an empty one', () => {
    assert.deepEqual(splitReplyText('  Yes, it ships tomorrow.  ', 'instagram'), ['Yes, it ships tomorrow.']);
    assert.deepEqual(splitReplyText(' \n ', 'messenger'), []);
  });

  it('counts Instagram in UTF-8 bytes and Messenger in characters', () => {
    assert.equal(textSize('नमस्ते', 'instagram'), 18);
    assert.equal(textSize('नमस्ते', 'messenger'), 6);
    assert.equal(textSize('👍🏽', 'messenger'), 2);
    const hindi = 'नमस्ते '.repeat(200).trim(); // 1,399 characters, 3,799 bytes
    assert.equal(splitReplyText(hindi, 'messenger').length, 1);
    assert.ok(splitReplyText(hindi, 'instagram').length >= 4);
  });

  it('cuts between paragraphs, else after a sentence, else between words', () => {
    const para = 'a'.repeat(600);
    assert.deepEqual(splitReplyText(`${para}\n\n${para}`, 'instagram'), [para, para]);
    const sentence = `${'word '.repeat(100).trim()}.`;
    const parts = splitReplyText(`${sentence} ${sentence} ${sentence}`, 'instagram');
    assert.ok(parts.every((p) => p.endsWith('.')), JSON.stringify(parts.map((p) => p.slice(-5))));
    const words = splitReplyText('lorem '.repeat(400).trim(), 'instagram');
    assert.ok(words.every((p) => !p.startsWith(' ') && !p.endsWith(' ') && p.split(' ').every((w) => w === 'lorem')));
  });

  it('keeps every part within the limit, loses nothing and never splits a character, over random texts', () => {
    const rng = seededRng(7);
    const pieces = ['hello', 'नमस्ते', 'سلام', '👍🏽', '👨‍👩‍👧‍👦', '🇮🇳', 'e\u0301', ' ', '\n\n', '. ', 'x'.repeat(40)];
    for (let round = 0; round < 60; round++) {
      const text = Array.from({ length: Math.floor(rng() * 700) }, () => pieces[Math.floor(rng() * pieces.length)]).join('');
      for (const channel of ['instagram', 'messenger'] as const) {
        const parts = splitReplyText(text, channel);
        for (const p of parts) {
          assert.ok(textSize(p, channel) <= TEXT_LIMIT[channel].max, `${channel}: ${textSize(p, channel)}`);
          assert.ok(p.length > 0 && p === p.trim());
        }
        // Joined back, the graphemes are the same ones apart from the whitespace at the cuts.
        const strip = (s: string) => graphemes(s).filter((g) => g.trim()).join('');
        assert.equal(strip(parts.join('')), strip(text));
      }
    }
  });

  it('builds a RESPONSE body, or a HUMAN_AGENT tagged one for a person answering late', () => {
    assert.deepEqual(textMessageBody('6543210987654321', 'Hi'), { recipient: { id: '6543210987654321' }, messaging_type: 'RESPONSE', message: { text: 'Hi' } });
    assert.deepEqual(textMessageBody('2400000000000001', 'Hi', { humanAgent: true }), {
      recipient: { id: '2400000000000001' }, messaging_type: 'MESSAGE_TAG', tag: 'HUMAN_AGENT', message: { text: 'Hi' },
    });
  });
});
