import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { classifyGraphError, networkFailure } from '../channels/whatsapp/errors.ts';
import { PAIR_RATE_WAIT_MS, REPLY_RETRY_BUDGET_MS, REPLY_SEND_RETRIES, replyRetryDelayMs } from './send-retry.ts';

const meta = (code: number, http = 400) => classifyGraphError(http, { code, message: 'x' });
const at = (startedAt: number, now = startedAt) => ({ startedAt, now });

describe('auto-reply send retry decision', () => {
  it('retries a retryable failure 3 times, doubling the wait, then gives up', () => {
    const f = meta(131000, 500);
    const delays = Array.from({ length: REPLY_SEND_RETRIES + 2 }, (_, i) => replyRetryDelayMs(f, i, 1000, at(0)));
    assert.deepEqual(delays, [1000, 2000, 4000, null, null]);
  });

  it('retries network errors, bare 5xx and 429, throttling and transient Meta codes', () => {
    const retryable = [
      networkFailure(new Error('ECONNRESET')),
      classifyGraphError(502, null),
      classifyGraphError(503, { message: 'upstream' }),
      classifyGraphError(429, null),
      ...[130429, 131056, 80007, 131000, 1, 2, 4, 131016, 131057].map((c) => meta(c)),
    ];
    for (const f of retryable) assert.notEqual(replyRetryDelayMs(f, 0, 500, at(0)), null, `${f.kind} ${f.code} ${f.httpStatus}`);
  });

  it('never retries a final refusal', () => {
    for (const code of [190, 100, 131047, 131026, 131051, 132001, 131009, 368]) {
      assert.equal(replyRetryDelayMs(meta(code), 0, 500, at(0)), null, `code ${code}`);
    }
    assert.equal(replyRetryDelayMs(classifyGraphError(400, null), 0, 500, at(0)), null, 'a bare 400');
  });

  it('waits out the pair window on 131056', () => {
    const f = meta(131056);
    assert.deepEqual([0, 1, 2].map((i) => replyRetryDelayMs(f, i, 2000, at(0))), [PAIR_RATE_WAIT_MS, PAIR_RATE_WAIT_MS, 8000]);
  });

  it('stops when the next wait would end past the budget measured from the first attempt', () => {
    const f = meta(130429);
    assert.equal(replyRetryDelayMs(f, 1, 2000, at(10_000, 10_000 + REPLY_RETRY_BUDGET_MS - 4000)), 4000, 'ends exactly at the budget');
    assert.equal(replyRetryDelayMs(f, 1, 2000, at(10_000, 10_000 + REPLY_RETRY_BUDGET_MS - 3999)), null, 'one millisecond over');
    assert.equal(replyRetryDelayMs(f, 0, 2000, at(0, 0), 1000), null, 'a budget shorter than the first wait');
  });

  it('a zero base retries at once', () => {
    assert.deepEqual([0, 1, 2, 3].map((i) => replyRetryDelayMs(meta(131000, 500), i, 0, at(0))), [0, 0, 0, null]);
  });
});
