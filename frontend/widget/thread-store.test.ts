import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { WidgetMessageView } from '../../server/webchat/schema.ts';
import { compareIds, ThreadStore } from './thread-store.ts';

const msg = (id: string, from: 'visitor' | 'business' = 'business', clientId: string | null = null): WidgetMessageView => ({
  id,
  from,
  text: `m${id}`,
  media: null,
  author: from === 'business' ? 'Alex' : null,
  at: '2025-01-01T00:00:00Z',
  clientId,
});

describe('thread store', () => {
  it('orders ids as numbers, not strings', () => {
    assert.ok(compareIds('9', '10') < 0);
    assert.ok(compareIds('123456789012345678', '99') > 0);
    assert.equal(compareIds('42', '42'), 0);
  });

  it('keeps a message once whichever path brings it (history, stream, catch-up)', () => {
    const store = new ThreadStore();
    assert.equal(store.add([msg('10'), msg('9')]).length, 2);
    assert.deepEqual(store.add([msg('10'), msg('11')]).map((m) => m.id), ['11']);
    assert.deepEqual(store.messages().map((m) => m.id), ['9', '10', '11']);
    assert.equal(store.oldestId(), '9');
    assert.equal(store.newestId(), '11');
  });

  it('shows a sent message at once and replaces it, under the same key, when it comes back', () => {
    const store = new ThreadStore();
    store.add([msg('5')]);
    store.addPending('c-1', 'hello');
    let items = store.items();
    assert.equal(items.at(-1)!.key, 'c:c-1');
    assert.equal(items.at(-1)!.pending?.text, 'hello');
    store.add([msg('6', 'visitor', 'c-1')]); // from the stream first
    store.add([msg('6', 'visitor', 'c-1')]); // then the POST's answer
    items = store.items();
    assert.deepEqual(items.map((i) => i.key), ['m:5', 'c:c-1']);
    assert.equal(items[1]!.message?.id, '6');
  });

  it('marks a failed send and clears the mark on retry', () => {
    const store = new ThreadStore();
    store.addPending('c-2', 'hi');
    store.failPending('c-2', 'Too many messages');
    assert.equal(store.items()[0]!.pending?.failed, 'Too many messages');
    assert.equal(store.retryPending('c-2')?.failed, null);
    assert.equal(store.retryPending('nope'), null);
  });

  it('counts business messages after the last one seen (the unread badge)', () => {
    const store = new ThreadStore();
    store.add([msg('1'), msg('2', 'visitor'), msg('3'), msg('4')]);
    assert.equal(store.businessAfter(null), 3);
    assert.equal(store.businessAfter('1'), 2);
    assert.equal(store.businessAfter('4'), 0);
    assert.equal(store.newestBusinessId(), '4');
  });
});
