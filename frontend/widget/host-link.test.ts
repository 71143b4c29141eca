import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { HANDSHAKE_MS, hostBackedSlots, hostValuesFrom, linkHost, type FrameWindow } from './host-link.ts';
import type { Slot } from './storage.ts';

const HOST = 'https://shop.example';
const TOKEN = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ2X3gifQ.c2lnbmF0dXJl';
const OTHER_TOKEN = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ2X3kifQ.b3RoZXI';

/** A frame's window whose parent records what it is sent; `answer` plays the loader. */
function fakeFrame(opts: { alone?: boolean } = {}) {
  const sent: { message: unknown; origin: string }[] = [];
  const listeners: ((event: { origin: string; source: unknown; data: unknown }) => void)[] = [];
  const timers: { run: () => void; ms: number }[] = [];
  const parent = {
    postMessage(message: unknown, origin: string) {
      if (!/^https?:\/\/[^/]+$/.test(origin)) throw new SyntaxError('Invalid target origin');
      sent.push({ message, origin });
    },
  };
  const win: FrameWindow = {
    parent,
    addEventListener: (_type, listener) => void listeners.push(listener),
    setTimeout: (run, ms) => timers.push({ run, ms }),
  };
  if (opts.alone) win.parent = win as unknown as FrameWindow['parent'];
  const deliver = (data: unknown, origin = HOST, source: unknown = win.parent) => listeners.forEach((l) => l({ origin, source, data }));
  return { win, sent, timers, deliver, answer: (token: unknown, seen?: unknown) => deliver({ type: 'parley:widget:token', token, seen }) };
}

function memorySlot(value: string | null = null): Slot & { writes: number } {
  return {
    writes: 0,
    get: () => value,
    set(v) {
      this.writes++;
      value = v;
    },
  };
}

describe('hostValuesFrom', () => {
  it('reads a loader answer and keeps only a token-like token and a message id', () => {
    assert.deepEqual(hostValuesFrom({ type: 'parley:widget:token', token: TOKEN, seen: '42' }), { token: TOKEN, seen: '42' });
    assert.deepEqual(hostValuesFrom({ type: 'parley:widget:token', token: null }), { token: null, seen: null });
    for (const token of ['<img src=x>', 'a.b', `${'a'.repeat(2000)}.b.c`, 42, { t: 1 }, 'a.b.c d']) {
      assert.equal(hostValuesFrom({ type: 'parley:widget:token', token })?.token, null, String(token));
    }
    for (const seen of ['-1', '1e3', '01', '', 7]) assert.equal(hostValuesFrom({ type: 'parley:widget:token', token: TOKEN, seen })?.seen, null, String(seen));
  });

  it('is null for anything that is not a loader answer', () => {
    for (const data of [null, undefined, 'parley:widget:token', {}, { type: 'parley:widget:state', token: TOKEN }, { type: 'parley:widget:store', token: TOKEN }]) {
      assert.equal(hostValuesFrom(data), null);
    }
  });
});

describe('linkHost', () => {
  it('says hello to the host origin (never "*") and takes the answer of its parent on that origin only', async () => {
    const f = fakeFrame();
    const later: unknown[] = [];
    const link = linkHost(f.win, HOST, (v) => later.push(v));
    assert.deepEqual(f.sent, [{ message: { type: 'parley:widget:hello' }, origin: HOST }]);
    f.deliver({ type: 'parley:widget:token', token: OTHER_TOKEN }, 'https://evil.example');
    f.deliver({ type: 'parley:widget:token', token: OTHER_TOKEN }, HOST, {});
    f.deliver({ type: 'parley:widget:state', open: true });
    f.answer(TOKEN, '7');
    assert.deepEqual(await link.ready, { token: TOKEN, seen: '7' });
    f.answer(OTHER_TOKEN);
    assert.deepEqual(later, [{ token: OTHER_TOKEN, seen: null }], 'what comes after the first answer goes to onLater');
  });

  it('goes on without a token when the loader does not answer in time, and hands a late answer to onLater', async () => {
    const f = fakeFrame();
    const later: unknown[] = [];
    const link = linkHost(f.win, HOST, (v) => later.push(v));
    assert.equal(f.timers.length, 1);
    assert.equal(f.timers[0]!.ms, HANDSHAKE_MS);
    f.timers[0]!.run();
    assert.deepEqual(await link.ready, { token: null, seen: null });
    f.answer(TOKEN);
    assert.deepEqual(later, [{ token: TOKEN, seen: null }]);
  });

  it('does not wait when there is nobody to ask: a page opened on its own, or an origin param that is not an origin', async () => {
    const alone = fakeFrame({ alone: true });
    assert.deepEqual(await linkHost(alone.win, HOST, () => {}).ready, { token: null, seen: null });
    assert.equal(alone.timers.length, 0);
    const bad = fakeFrame();
    assert.deepEqual(await linkHost(bad.win, 'javascript:alert(1)', () => {}).ready, { token: null, seen: null });
    assert.equal(bad.sent.length, 0);
  });

  it('sends values to keep to the host origin only', () => {
    const f = fakeFrame();
    linkHost(f.win, HOST, () => {}).store({ token: TOKEN, seen: '3' });
    assert.deepEqual(f.sent[1], { message: { type: 'parley:widget:store', token: TOKEN, seen: '3' }, origin: HOST });
  });
});

describe('hostBackedSlots', () => {
  it('takes the host page token over the frame copy (the host is the storage of record)', async () => {
    const f = fakeFrame();
    const frameToken = memorySlot(OTHER_TOKEN);
    const slots = hostBackedSlots(f.win, HOST, frameToken, memorySlot(), () => true);
    f.answer(TOKEN, '9');
    await slots.ready;
    assert.equal(slots.token.get(), TOKEN);
    assert.equal(slots.seen.get(), '9');
    assert.equal(f.sent.length, 1, 'adopting what the host sent does not echo it back');
  });

  it('keeps the frame copy when the host has none, and the host receives it after the next session', async () => {
    const f = fakeFrame();
    const slots = hostBackedSlots(f.win, HOST, memorySlot(TOKEN), memorySlot(), () => true);
    f.answer(null);
    await slots.ready;
    assert.equal(slots.token.get(), TOKEN);
    slots.token.set(OTHER_TOKEN); // the session answer (tokens are re-issued each time)
    assert.deepEqual(f.sent.at(-1)?.message, { type: 'parley:widget:store', token: OTHER_TOKEN, seen: null });
  });

  it('sends the seen id only when it moves, and only once a token is held', async () => {
    const f = fakeFrame();
    const slots = hostBackedSlots(f.win, HOST, memorySlot(), memorySlot(), () => true);
    f.answer(null);
    await slots.ready;
    slots.seen.set('5');
    assert.equal(f.sent.length, 1, 'no token yet: nothing to keep');
    slots.token.set(TOKEN);
    slots.seen.set('5');
    slots.seen.set('6');
    slots.seen.set('6');
    assert.deepEqual(
      f.sent.slice(1).map((s) => s.message),
      [
        { type: 'parley:widget:store', token: TOKEN, seen: '5' },
        { type: 'parley:widget:store', token: TOKEN, seen: '6' },
      ],
    );
  });

  it("takes another tab's token only while the frame has no session", async () => {
    const f = fakeFrame();
    let hasSession = false;
    const slots = hostBackedSlots(f.win, HOST, memorySlot(), memorySlot(), () => !hasSession);
    f.answer(null);
    await slots.ready;
    f.answer(TOKEN);
    assert.equal(slots.token.get(), TOKEN, 'before a session: the same visitor as the other tab');
    hasSession = true;
    f.answer(OTHER_TOKEN);
    assert.equal(slots.token.get(), TOKEN, 'with a session: the thread shown keeps its visitor');
  });
});
