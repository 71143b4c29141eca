import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { safeHref, safeMediaUrl, tokenizeText, trimUrl, type TextToken } from './text.ts';

const text = (t: string): TextToken => ({ kind: 'text', text: t });
const br: TextToken = { kind: 'br' };
const link = (href: string, t = href): TextToken => ({ kind: 'link', href, text: t });

describe('message text to safe tokens', () => {
  it('keeps plain text, markup included, as text', () => {
    assert.deepEqual(tokenizeText('Hello <b>there</b> & <script>alert(1)</script>'), [text('Hello <b>there</b> & <script>alert(1)</script>')]);
    assert.deepEqual(tokenizeText(''), []);
  });

  it('turns every kind of line end into a break, blank lines included', () => {
    assert.deepEqual(tokenizeText('a\nb\r\nc\rd'), [text('a'), br, text('b'), br, text('c'), br, text('d')]);
    assert.deepEqual(tokenizeText('a\n\nb\n'), [text('a'), br, br, text('b'), br]);
  });

  it('links http(s) URLs and leaves the sentence punctuation outside', () => {
    assert.deepEqual(tokenizeText('See https://example.com/a?b=1&c=2#x.'), [text('See '), link('https://example.com/a?b=1&c=2#x'), text('.')]);
    assert.deepEqual(tokenizeText('(http://example.com/path), ok?'), [text('('), link('http://example.com/path'), text('), ok?')]);
    assert.deepEqual(tokenizeText('https://en.wikipedia.org/wiki/Foo_(bar)!'), [link('https://en.wikipedia.org/wiki/Foo_(bar)'), text('!')]);
    assert.deepEqual(tokenizeText('HTTPS://Example.com'), [link('https://example.com/', 'HTTPS://Example.com')]);
  });

  it('links only http(s): javascript:, data:, www. and broken URLs stay text', () => {
    for (const s of ['javascript:alert(1)', 'data:text/html,<b>x</b>', 'www.example.com', 'http://', 'https://[bad', 'ftp://example.com/x']) {
      assert.ok(tokenizeText(s).every((t) => t.kind !== 'link'), s);
    }
    assert.equal(safeHref('javascript:alert(1)'), null);
    assert.equal(safeHref('https://example.com'), 'https://example.com/');
  });

  it('does not let a link swallow quotes or angle brackets around it', () => {
    assert.deepEqual(tokenizeText('"https://example.com/x"<br>'), [text('"'), link('https://example.com/x'), text('"<br>')]);
  });

  it('trims trailing punctuation but keeps balanced brackets', () => {
    assert.equal(trimUrl('https://x.com/a.,;!?'), 'https://x.com/a');
    assert.equal(trimUrl('https://x.com/(a))'), 'https://x.com/(a)');
    assert.equal(trimUrl('https://x.com/a)].'), 'https://x.com/a');
  });

  it('loses nothing: the tokens spell the text back (line ends as \\n), for any input', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('a', ' ', '.', ')', '(', '\n', '\r', '<', 'https://', 'x.com', '/', '?', 'é', '😀') }), (s) => {
        const back = tokenizeText(s)
          .map((t) => (t.kind === 'br' ? '\n' : t.text))
          .join('');
        assert.equal(back, s.replace(/\r\n|\r/g, '\n'));
        for (const t of tokenizeText(s)) if (t.kind === 'link') assert.match(t.href, /^https?:\/\//);
      }),
    );
  });

  it('resolves media URLs against the frame and refuses other schemes', () => {
    assert.equal(safeMediaUrl('/api/media/1', 'https://chat.example.com'), 'https://chat.example.com/api/media/1');
    assert.equal(safeMediaUrl('https://cdn.example.com/a.png', 'https://x'), 'https://cdn.example.com/a.png');
    assert.equal(safeMediaUrl('javascript:alert(1)', 'https://x'), null);
    assert.equal(safeMediaUrl('data:image/png;base64,AA', 'https://x'), null);
  });
});
