import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { classifyMessagingError, messagingNetworkFailure } from './errors.ts';

// Codes from Meta's Messenger Platform "Send a Message" and Instagram messaging pages
// (docs/meta-platform.md): what each means for a reply that has to go out or be given up.
describe('Instagram and Messenger send errors', () => {
  const kind = (status: number | null, error: Record<string, unknown> | null) => {
    const f = classifyMessagingError(status, error);
    return [f.kind, f.retryable];
  };

  it('treats an expired token as auth: never retried, the account needs a new token', () => {
    assert.deepEqual(kind(401, { code: 190, error_subcode: 463, message: 'Error validating access token' }), ['auth', false]);
  });

  it('recognises the closed 24-hour window on both channels', () => {
    assert.deepEqual(kind(400, { code: 10, error_subcode: 2534022, message: 'This message is sent outside of allowed window.' }), ['window', false]);
    assert.deepEqual(kind(400, { code: 10, error_subcode: 2018278, message: 'This message is sent outside of allowed window.' }), ['window', false]);
    assert.deepEqual(kind(400, { code: 551, error_subcode: 1545041, message: 'Messaging window closed' }), ['window', false]);
    assert.deepEqual(kind(400, { code: 1545041 }), ['window', false]);
    // code 10 without a window subcode is a permission problem, not the window
    assert.deepEqual(kind(403, { code: 10, message: 'Application does not have permission for this action' }), ['permanent', false]);
  });

  it('gives up on a person who is unavailable, and on invalid parameters', () => {
    assert.deepEqual(kind(400, { code: 551, message: "This person isn't available right now." }), ['unavailable', false]);
    assert.deepEqual(kind(400, { code: 100, message: 'Invalid parameter' }), ['permanent', false]);
  });

  it('retries rate limits, temporary errors, server errors and no answer', () => {
    for (const code of [4, 17, 32, 613]) assert.deepEqual(kind(400, { code }), ['rate_limit', true], String(code));
    for (const code of [1, 2]) assert.deepEqual(kind(500, { code }), ['transient', true], String(code));
    assert.deepEqual(kind(503, null), ['transient', true]);
    assert.deepEqual(kind(429, null), ['transient', true]);
    assert.deepEqual(kind(null, null), ['transient', true]);
    assert.deepEqual(kind(400, null), ['permanent', false]);
  });

  it('keeps Meta\'s code, subcode and message as the reason', () => {
    const f = classifyMessagingError(400, { code: 10, error_subcode: 2534022, message: 'This message is sent outside of allowed window.' });
    assert.deepEqual([f.code, f.subcode, f.httpStatus, f.reason], [10, 2534022, 400, 'This message is sent outside of allowed window.']);
    assert.equal(classifyMessagingError(502, { code: 'x' }).reason, 'HTTP 502');
    const net = messagingNetworkFailure(new Error('socket hang up'));
    assert.deepEqual([net.kind, net.retryable, net.reason], ['network', true, 'Error: socket hang up']);
  });
});
