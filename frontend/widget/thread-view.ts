// Draws the thread from the store: one element per message, keyed, created once and replaced only
// when what it shows changes (pending -> sent -> failed), so a new message never redraws the rest.
// Scrolling follows the visitor: new messages scroll down only when they were already at the
// bottom (or just sent one); older ones loaded above keep the view where it was.

import type { WidgetMessageView } from '../../server/webchat/schema.ts';
import { h, renderText } from './dom.ts';
import { safeMediaUrl } from './text.ts';
import type { PendingMessage, ThreadItem } from './thread-store.ts';

const NEAR_BOTTOM_PX = 80;

const timeOf = (at: string) => {
  const d = new Date(at);
  return Number.isNaN(d.getTime()) ? '' : d.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
};

function media(m: NonNullable<WidgetMessageView['media']>): HTMLElement | null {
  const url = safeMediaUrl(m.url, location.origin);
  if (!url) return null;
  const label = m.filename || { image: 'Image', video: 'Video', audio: 'Audio', document: 'Document' }[m.type];
  const link = h('a', { class: 'media', href: url, target: '_blank', rel: 'noopener noreferrer nofollow' });
  if (m.type === 'image') link.appendChild(h('img', { src: url, alt: label, loading: 'lazy' }));
  else link.appendChild(document.createTextNode(`📎 ${label}`));
  return link;
}

function storedElement(m: WidgetMessageView): HTMLElement {
  const mine = m.from === 'visitor';
  const bubble = m.text ? h('p', { class: 'bubble' }, h('span', { class: 'sr-only' }, mine ? 'You: ' : `${m.author ?? 'Team'}: `), renderText(m.text)) : null;
  const meta = [mine ? null : m.author, timeOf(m.at)].filter(Boolean).join(' · ');
  return h('div', { class: `msg ${mine ? 'visitor' : 'business'}`, 'data-id': m.id }, bubble, m.media ? media(m.media) : null, h('p', { class: 'meta' }, meta));
}

function pendingElement(p: PendingMessage, onRetry: (clientId: string) => void): HTMLElement {
  const meta = h('p', { class: 'meta' });
  if (p.failed) {
    const retry = h('button', { class: 'link-button', type: 'button' }, 'Retry');
    retry.addEventListener('click', () => onRetry(p.clientId));
    meta.append(`Not sent: ${p.failed} `, retry);
  } else meta.append('Sending…');
  return h('div', { class: `msg visitor pending${p.failed ? ' failed' : ''}` }, h('p', { class: 'bubble' }, h('span', { class: 'sr-only' }, 'You: '), renderText(p.text)), meta);
}

const signature = (item: ThreadItem) => (item.message ? `m${item.message.id}` : `p${item.pending.failed ?? ''}`);

export class ThreadView {
  private readonly nodes = new Map<string, { el: HTMLElement; sig: string }>();

  constructor(
    private readonly thread: HTMLElement,
    private readonly list: HTMLElement,
    private readonly onRetry: (clientId: string) => void,
  ) {}

  isNearBottom(): boolean {
    const t = this.thread;
    return t.scrollHeight - t.scrollTop - t.clientHeight < NEAR_BOTTOM_PX;
  }

  scrollToBottom(): void {
    this.thread.scrollTop = this.thread.scrollHeight;
  }

  /** Brings the list in line with the items; `follow` scrolls to the end (the visitor just sent). */
  render(items: ThreadItem[], follow = false): void {
    const stick = follow || this.isNearBottom();
    const firstBefore = this.list.firstElementChild;
    const heightBefore = this.thread.scrollHeight;
    const topBefore = this.thread.scrollTop;
    const keep = new Set<string>();
    let prev: Element | null = null;
    for (const item of items) {
      keep.add(item.key);
      const sig = signature(item);
      let node = this.nodes.get(item.key);
      if (!node || node.sig !== sig) {
        const el = item.message ? storedElement(item.message) : pendingElement(item.pending, this.onRetry);
        if (node) node.el.replaceWith(el);
        node = { el, sig };
        this.nodes.set(item.key, node);
      }
      const expected: Element | null = prev ? prev.nextElementSibling : this.list.firstElementChild;
      if (expected !== node.el) {
        if (prev) prev.after(node.el);
        else this.list.prepend(node.el);
      }
      prev = node.el;
    }
    for (const [key, node] of this.nodes) {
      if (keep.has(key)) continue;
      node.el.remove();
      this.nodes.delete(key);
    }
    if (stick) this.scrollToBottom();
    else if (firstBefore && this.list.firstElementChild !== firstBefore) {
      // Older messages went in above: keep what the visitor was reading in place.
      this.thread.scrollTop = topBefore + (this.thread.scrollHeight - heightBefore);
    }
  }
}
