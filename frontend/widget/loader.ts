// /widget.js, the snippet's script: <script src="https://HOST/widget.js" data-widget="KEY" async>.
// A classic script (built as one IIFE, no imports at run time, under 1 kB gzipped) that adds ONE
// fixed-position iframe (/widget/frame on the script's own origin) and sizes it to what the frame
// reports by postMessage: the launcher while closed, the panel while open (full screen on narrow
// screens). It sets styles only through element.style (allowed by strict host CSPs), each with
// !important so host stylesheets cannot reach it, and touches nothing else on the page. Included
// twice, it still makes one widget.
//
// It also keeps the visitor's token (and the last message seen) in the HOST page's localStorage,
// under `parley.widget.<key>`: browsers block a cross-site iframe's own storage (Chromium with
// third-party cookies blocked, incognito, Safari), the host page's is first-party, so reloads and
// tabs of the site keep one visitor. It hands them to its own frame only (checked origin and
// source, addressed to the script's origin) and stores what that frame sends back.

import {
  HELLO_MESSAGE,
  HOST_VALUES_MESSAGE,
  STATE_MESSAGE,
  STORE_MESSAGE,
  type FrameStateMessage,
  type FrameStoreMessage,
  type HostValuesMessage,
} from './protocol.ts';

(() => {
  const script = (document.currentScript ?? document.querySelector('script[data-widget]')) as HTMLScriptElement | null;
  const key = script?.getAttribute('data-widget');
  if (!script || !key) return;
  let origin: string;
  try {
    origin = new URL(script.src, location.href).origin;
  } catch {
    return;
  }
  const MARK = 'data-parley-widget';
  const TOKEN = `parley.widget.${key}`;
  const SEEN = `${TOKEN}.seen`;
  // Storage may be disabled (or full): then the values live as long as the page.
  const memory: Record<string, string> = {};
  const read = (name: string): string | null => {
    try {
      return localStorage.getItem(name) ?? memory[name] ?? null;
    } catch {
      return memory[name] ?? null;
    }
  };
  const keep = (name: string, value: unknown): void => {
    if (typeof value !== 'string' || value.length > 4000) return;
    memory[name] = value;
    try {
      localStorage.setItem(name, value);
    } catch {
      // memory only
    }
  };
  const narrow = window.matchMedia('(max-width: 479.98px)');
  let frame: HTMLIFrameElement;
  let state: Pick<FrameStateMessage, 'open' | 'width' | 'height' | 'position' | 'visible'> = { open: false, width: 0, height: 0, position: 'right', visible: false };

  function apply(): void {
    const { open, position, visible } = state;
    const full = open && narrow.matches;
    const gap = full ? '0' : open ? '20px' : '6px';
    const css: Record<string, string> = {
      position: 'fixed',
      'z-index': '2147483000',
      border: '0',
      margin: '0',
      padding: '0',
      background: 'transparent',
      'color-scheme': 'light',
      display: 'block',
      visibility: visible ? 'visible' : 'hidden',
      top: full ? '0' : 'auto',
      bottom: gap,
      left: position === 'left' || full ? gap : 'auto',
      right: position === 'right' || full ? gap : 'auto',
      width: full ? '100%' : open ? 'min(400px, calc(100vw - 40px))' : `${state.width}px`,
      height: full ? '100%' : open ? 'min(640px, calc(100vh - 40px))' : `${state.height}px`,
      'max-width': '100%',
      'max-height': '100%',
      'min-width': '0',
      'min-height': '0',
      'border-radius': open && !full ? '12px' : '0',
      'box-shadow': open && !full ? '0 12px 40px rgba(0,0,0,.25)' : 'none',
      opacity: '1',
      transform: 'none',
      // Not the iframe's size or place, but a site's `* { transition: all 1s }` animated every
      // resize, and an `iframe { pointer-events: none }` (common under embedded maps) made it dead.
      'pointer-events': 'auto',
      transition: 'none',
      animation: 'none',
      filter: 'none',
      'clip-path': 'none',
      mask: 'none',
    };
    for (const name in css) frame.style.setProperty(name, css[name]!, 'important');
  }

  /** To the frame (only if it is on the script's origin): the values this page keeps. */
  function give(): void {
    const values: HostValuesMessage = { type: HOST_VALUES_MESSAGE, token: read(TOKEN), seen: read(SEEN) };
    frame.contentWindow?.postMessage(values, origin);
  }

  function onMessage(event: MessageEvent): void {
    if (event.origin !== origin || event.source !== frame.contentWindow) return;
    const m = event.data as (Partial<Omit<FrameStateMessage, 'type'> & Omit<FrameStoreMessage, 'type'>> & { type?: unknown }) | null;
    if (m?.type === HELLO_MESSAGE) return give();
    if (m?.type === STORE_MESSAGE) {
      keep(TOKEN, m.token);
      keep(SEEN, m.seen);
      return;
    }
    if (m?.type !== STATE_MESSAGE) return;
    const px = (n: unknown) => (typeof n === 'number' && n >= 0 ? Math.min(n, 600) : 0);
    state = { open: m.open === true, width: px(m.width), height: px(m.height), position: m.position === 'left' ? 'left' : 'right', visible: m.visible === true };
    apply();
  }

  function mount(): void {
    if (document.querySelector(`iframe[${MARK}]`)) return; // the snippet twice: one widget
    frame = document.createElement('iframe');
    frame.setAttribute(MARK, '');
    frame.title = 'Chat';
    frame.src = `${origin}/widget/frame?key=${encodeURIComponent(key!)}&origin=${encodeURIComponent(location.origin)}`;
    apply();
    window.addEventListener('message', onMessage);
    // Another tab of this site stored a token (its visitor's first session): this tab's frame joins it.
    window.addEventListener('storage', (event) => event.key === TOKEN && give());
    narrow.addEventListener('change', apply);
    document.body.appendChild(frame);
  }

  if (document.body) mount();
  else document.addEventListener('DOMContentLoaded', mount);
})();
