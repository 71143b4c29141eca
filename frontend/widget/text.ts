// A message's text as a list of safe pieces: plain text, http(s) links and line breaks. The DOM
// code maps each piece 1:1 to a text node, an <a> or a <br>, so nothing a message says can ever
// become markup (no innerHTML anywhere), and this file holds every rule about what is a link.

export type TextToken = { kind: 'text'; text: string } | { kind: 'link'; href: string; text: string } | { kind: 'br' };

// A URL runs from http(s):// to whitespace or a character that never belongs to a bare URL in prose.
const URL_PATTERN = /\bhttps?:\/\/[^\s<>"'`]+/gi;
// Sentence punctuation right after a URL belongs to the sentence ("see https://x.com/a.").
const TRAILING = /[.,;:!?*_~]+$/;
const CLOSERS: Record<string, string> = { ')': '(', ']': '[', '}': '{' };

/** The URL without the punctuation that ends the sentence around it; keeps a balanced ")" (Wikipedia links). */
export function trimUrl(candidate: string): string {
  let url = candidate;
  for (;;) {
    const before = url;
    url = url.replace(TRAILING, '');
    const last = url.at(-1);
    if (last && CLOSERS[last] && count(url, last) > count(url, CLOSERS[last]!)) url = url.slice(0, -1);
    if (url === before) return url;
  }
}

const count = (s: string, ch: string) => s.split(ch).length - 1;

/** The href to use for a URL found in text, or null when it is not a well-formed http(s) URL. */
export function safeHref(url: string): string | null {
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return null;
    if (!parsed.hostname) return null;
    return parsed.href;
  } catch {
    return null;
  }
}

function lineTokens(line: string, out: TextToken[]): void {
  let at = 0;
  for (const match of line.matchAll(URL_PATTERN)) {
    const url = trimUrl(match[0]);
    const href = safeHref(url);
    if (!href) continue;
    if (match.index > at) pushText(out, line.slice(at, match.index));
    out.push({ kind: 'link', href, text: url });
    at = match.index + url.length;
  }
  if (at < line.length) pushText(out, line.slice(at));
}

function pushText(out: TextToken[], text: string): void {
  const last = out.at(-1);
  if (last?.kind === 'text') last.text += text;
  else out.push({ kind: 'text', text });
}

/** Splits a message into text, links and line breaks (\n, \r\n or \r). */
export function tokenizeText(text: string): TextToken[] {
  const out: TextToken[] = [];
  text.split(/\r\n|\r|\n/).forEach((line, i) => {
    if (i > 0) out.push({ kind: 'br' });
    lineTokens(line, out);
  });
  return out;
}

/** A media URL from a message, resolved against the frame's origin; null unless http(s) (no data:, javascript:). */
export function safeMediaUrl(url: string, base: string): string | null {
  try {
    const parsed = new URL(url, base);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : null;
  } catch {
    return null;
  }
}
