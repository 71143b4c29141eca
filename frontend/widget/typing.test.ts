import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { TYPING_REPEAT_MS, typingOnInput, typingOnStop, type TypingState } from './typing.ts';

describe('typing signal', () => {
  it('says typing once, repeats it every few seconds while keys are pressed, and stops once', () => {
    let state: TypingState = { sentAt: null };
    const sent: (boolean | null)[] = [];
    const input = (now: number, text = 'hel') => {
      const step = typingOnInput(state, now, text);
      state = step.state;
      sent.push(step.send);
    };
    input(0);
    input(500);
    input(TYPING_REPEAT_MS - 1);
    input(TYPING_REPEAT_MS);
    const stop = typingOnStop(state);
    state = stop.state;
    sent.push(stop.send, typingOnStop(state).send);
    assert.deepEqual(sent, [true, null, null, true, false, null]);
  });

  it('treats clearing the box as stopping, and a clock that went back as time to repeat', () => {
    assert.deepEqual(typingOnInput({ sentAt: 100 }, 200, '   '), { state: { sentAt: null }, send: false });
    assert.deepEqual(typingOnInput({ sentAt: null }, 200, ''), { state: { sentAt: null }, send: null });
    assert.equal(typingOnInput({ sentAt: 5000 }, 1000, 'x').send, true);
  });
});
