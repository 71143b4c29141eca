import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isFull, RateLimiter, takeToken, type Bucket } from './rate-limit.ts';

describe('web chat rate limits (token buckets)', () => {
  const rule = { capacity: 3, perMinute: 60 }; // a token back every second

  it('a new key starts full: the burst passes, the next waits for a token', () => {
    let b: Bucket | undefined;
    const outcomes: boolean[] = [];
    for (let i = 0; i < 4; i++) {
      const r = takeToken(rule, b, 1000);
      outcomes.push(r.allowed);
      b = r.bucket;
    }
    assert.deepEqual(outcomes, [true, true, true, false]);
    assert.equal(takeToken(rule, b, 1000).retryAfterMs, 1000);
    assert.equal(takeToken(rule, b, 1500).retryAfterMs, 500);
    assert.equal(takeToken(rule, b, 2000).allowed, true, 'one token back after a second');
  });

  it('refills at its rate, never above its capacity', () => {
    const empty = { tokens: 0, at: 0 };
    assert.equal(takeToken(rule, empty, 999).allowed, false);
    const later = takeToken(rule, empty, 3_600_000);
    assert.equal(later.bucket.tokens, 2, 'full (3) minus the one just taken');
    assert.equal(isFull(rule, { tokens: 1, at: 0 }, 1999), false);
    assert.equal(isFull(rule, { tokens: 1, at: 0 }, 2000), true);
  });

  it('a clock going back neither mints tokens nor moves the count back', () => {
    const r = takeToken(rule, { tokens: 0, at: 10_000 }, 5000);
    assert.deepEqual([r.allowed, r.bucket.at], [false, 10_000]);
    assert.equal(takeToken(rule, r.bucket, 10_999).allowed, false);
  });

  it('the limiter keeps a bucket per key, says when to retry in whole seconds, and forgets full ones', () => {
    let now = 0;
    const limiter = new RateLimiter({ capacity: 2, perMinute: 2 }, () => now);
    assert.deepEqual([limiter.take('a').allowed, limiter.take('a').allowed, limiter.take('b').allowed], [true, true, true]);
    assert.deepEqual(limiter.take('a'), { allowed: false, retryAfterSeconds: 30 });
    now = 29_500;
    assert.deepEqual(limiter.take('a'), { allowed: false, retryAfterSeconds: 1 });
    now = 30_000;
    assert.equal(limiter.take('a').allowed, true);
    assert.equal(limiter.size, 2);
    now = 200_000; // everything is full again: the next take sweeps them away
    limiter.take('c');
    assert.equal(limiter.size, 1);
  });

  it('a flood of distinct keys stays bounded', () => {
    let now = 0;
    const limiter = new RateLimiter({ capacity: 1, perMinute: 1 }, () => now, 100);
    for (let i = 0; i < 1000; i++) {
      now += 1;
      limiter.take(`ip-${i}`);
    }
    assert.ok(limiter.size <= 100, `${limiter.size} buckets`);
  });
});
