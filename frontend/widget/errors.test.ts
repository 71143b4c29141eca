import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ApiError, describeError, parseRetryAfter } from './errors.ts';

describe('error lines', () => {
  it('says what happened in words a visitor understands', () => {
    assert.match(describeError(new ApiError(0, null)), /No connection/);
    assert.equal(describeError(new ApiError(429, 'rate limited', 12_300)), 'Too many messages. Please wait 13 s and try again.');
    assert.match(describeError(new ApiError(429, null)), /wait a moment/);
    assert.equal(describeError(new ApiError(403, 'Origin https://evil.example is not allowed')), 'This chat is not available on this site.');
    assert.match(describeError(new ApiError(500, 'boom')), /on our side/);
    assert.match(describeError(new Error('x')), /Something went wrong/);
  });

  it("shows the server's reason for a refused message, tidied", () => {
    assert.equal(describeError(new ApiError(400, 'Invalid body: text: at most 4000 characters')), 'At most 4000 characters.');
    assert.equal(describeError(new ApiError(422, 'Fill in the form first')), 'Fill in the form first.');
  });

  it('reads Retry-After as seconds or a date, capped at an hour', () => {
    assert.equal(parseRetryAfter('7', 0), 7000);
    assert.equal(parseRetryAfter(null, 0), 0);
    assert.equal(parseRetryAfter('soon', 0), 0);
    assert.equal(parseRetryAfter('999999', 0), 3_600_000);
    const now = Date.parse('2025-01-01T00:00:00Z');
    assert.equal(parseRetryAfter('Wed, 01 Jan 2025 00:00:30 GMT', now), 30_000);
  });
});
