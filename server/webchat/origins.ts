import { allowedOrigin } from './schema.ts';

// Which sites may embed a widget, decided in three places from one list: the frame's
// Content-Security-Policy (frame-ancestors: the browser refuses to show the frame anywhere else),
// the session call (the embedding page's origin, as the loader saw it), and every later visitor
// call (the origin the token was issued for must still be on the list). Pure.
//
// An entry is scheme://host[:port]; `*.example.com` covers every subdomain of example.com, never
// example.com itself (list both to allow both). A default port (80 for http, 443 for https) is
// the same as no port, as browsers write origins without it.

interface ParsedOrigin {
  scheme: 'http' | 'https';
  host: string;
  port: string;
}

const ORIGIN = /^(https?):\/\/(\*\.)?([a-z0-9-]+(?:\.[a-z0-9-]+)*|\[[0-9a-f:.]+\])(?::(\d{1,5}))?$/;
const DEFAULT_PORT = { http: '80', https: '443' } as const;

function parse(origin: string): (ParsedOrigin & { wildcard: boolean }) | null {
  const m = ORIGIN.exec(origin.trim().toLowerCase());
  if (!m) return null;
  const scheme = m[1] as 'http' | 'https';
  const port = m[4] ? String(Number(m[4])) : DEFAULT_PORT[scheme];
  if (Number(port) < 1 || Number(port) > 65535) return null;
  return { scheme, host: m[3]!, port, wildcard: !!m[2] };
}

/** Whether a page at `origin` (a browser's location.origin) may embed a widget allowing `allowed`. */
export function originAllowed(origin: string, allowed: readonly string[]): boolean {
  const page = parse(origin);
  if (!page || page.wildcard) return false; // "null" (a file or sandboxed page) and patterns are no page's origin
  return allowed.some((entry) => {
    const a = parse(entry);
    if (!a || a.scheme !== page.scheme || a.port !== page.port) return false;
    return a.wildcard ? page.host.endsWith(`.${a.host}`) : page.host === a.host;
  });
}

/**
 * The frame's Content-Security-Policy. `allowed` null: the dashboard's live preview, which only
 * Parley itself may frame. Entries that are not origins are left out (they cannot be in a saved
 * widget: the schema refuses them), so nothing can end the directive early.
 */
export function frameCsp(allowed: readonly string[] | null): string {
  const ancestors = ["'self'", ...(allowed ?? []).filter((o) => allowedOrigin.safeParse(o).success)];
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' https: data:",
    "connect-src 'self'",
    `frame-ancestors ${ancestors.join(' ')}`,
    "base-uri 'none'",
    "form-action 'self'",
  ].join('; ');
}
