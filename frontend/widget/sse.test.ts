import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { createSseParser, type SseEvent } from './sse.ts';

const STREAM =
  '\uFEFFretry: 3000\r\nevent: ready\ndata: {}\n\n' +
  ': ping\n\n' +
  'id: 41\nevent: message\ndata: {"id":"41","text":"héllo 😀"}\n\n' +
  'event: typing\r\ndata: {"typing":true,\r\ndata: "author":"Alex"}\r\n\r\n' +
  'data:no space\rid: 42\r\r' +
  'event: message\nid: 43\n\n'; // no data: not dispatched

const EXPECTED: SseEvent[] = [
  { event: 'ready', data: '{}', id: '' },
  { event: 'message', data: '{"id":"41","text":"héllo 😀"}', id: '41' },
  { event: 'typing', data: '{"typing":true,\n"author":"Alex"}', id: '41' },
  { event: 'message', data: 'no space', id: '42' },
];

function parse(chunks: (Uint8Array | string)[]) {
  const events: SseEvent[] = [];
  const parser = createSseParser((e) => events.push(e));
  for (const c of chunks) parser.push(c);
  return { events, parser };
}

const bytes = new TextEncoder().encode(STREAM);
const splitAt = (cuts: number[]) => {
  const sorted = [...new Set(cuts)].sort((a, b) => a - b);
  const parts: Uint8Array[] = [];
  let from = 0;
  for (const cut of [...sorted, bytes.length]) {
    parts.push(bytes.slice(from, cut));
    from = cut;
  }
  return parts;
};

describe('SSE parser', () => {
  it('reads events, multi-line data, ids, retry and comments from one chunk', () => {
    const { events, parser } = parse([bytes]);
    assert.deepEqual(events, EXPECTED);
    assert.equal(parser.lastEventId, '43');
    assert.equal(parser.retryMs, 3000);
  });

  it('gives the same events however the bytes are split in two (inside \\r\\n and UTF-8 characters too)', () => {
    for (let cut = 0; cut <= bytes.length; cut++) assert.deepEqual(parse(splitAt([cut])).events, EXPECTED, `cut at ${cut}`);
  });

  it('gives the same events for any split into many chunks, and byte by byte', () => {
    fc.assert(fc.property(fc.array(fc.integer({ min: 0, max: bytes.length }), { maxLength: 30 }), (cuts) => assert.deepEqual(parse(splitAt(cuts)).events, EXPECTED)));
    assert.deepEqual(parse([...bytes].map((b) => new Uint8Array([b]))).events, EXPECTED);
  });

  it('treats a \\r at the end of a chunk and a \\n at the start of the next as one line end', () => {
    const { events } = parse(['data: a\r', '\ndata: b\r', '\n\r', '\n']);
    assert.deepEqual(events, [{ event: 'message', data: 'a\nb', id: '' }]);
  });

  it('keeps an unfinished event until its blank line arrives', () => {
    const events: SseEvent[] = [];
    const parser = createSseParser((e) => events.push(e));
    parser.push('event: message\ndata: x');
    assert.equal(events.length, 0);
    parser.push('\n\n');
    assert.deepEqual(events, [{ event: 'message', data: 'x', id: '' }]);
  });
});
