// /widget.js, the snippet's script: <script src="https://HOST/widget.js" data-widget="KEY" async>.
// A classic script (built as one IIFE, no imports at run time, under 1 kB gzipped) that adds ONE
// fixed-position iframe (/widget/frame on the script's own origin) and sizes it to what the frame
// reports by postMessage: the launcher while closed, the panel while open (full screen on narrow
// screens). It sets styles only through element.style (allowed by strict host CSPs), each with
// !important so host stylesheets cannot reach it, and touches nothing else on the page. Included
// twice, it still makes one widget.

import type { FrameStateMessage } from './protocol.ts';

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
    };
    for (const name in css) frame.style.setProperty(name, css[name]!, 'important');
  }

  function onMessage(event: MessageEvent): void {
    if (event.origin !== origin || event.source !== frame.contentWindow) return;
    const m = event.data as Partial<FrameStateMessage> | null;
    if (!m || m.type !== 'parley:widget:state') return;
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
    narrow.addEventListener('change', apply);
    document.body.appendChild(frame);
  }

  if (document.body) mount();
  else document.addEventListener('DOMContentLoaded', mount);
})();
