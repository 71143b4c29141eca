// The dashboard's live preview (/widget/frame?key=KEY&preview=1): the same view as a visitor's,
// fed the editor's unsaved settings by postMessage from the dashboard (same origin only, from the
// parent window only), with sample messages. It calls no API: writing in it only adds local bubbles.

import type { WidgetMessageView } from '../../server/webchat/schema.ts';
import { PREVIEW_READY, PREVIEW_SETTINGS, type FrameStateMessage, type PreviewSettingsMessage } from './protocol.ts';
import { previewWidget } from './preview-settings.ts';
import { ThreadStore } from './thread-store.ts';
import { visibleFields } from './prechat.ts';
import { WidgetView } from './view.ts';

const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString();

const SAMPLES: WidgetMessageView[] = [
  { id: '1', from: 'visitor', text: 'Hello! Do you ship to Canada?', media: null, author: null, at: minutesAgo(3), clientId: null },
  {
    id: '2',
    from: 'business',
    text: 'Yes, we do: orders arrive in 5 to 7 days.\nDetails are on https://example.com/shipping',
    media: null,
    author: 'Alex',
    at: minutesAgo(2),
    clientId: null,
  },
];

export function startPreview(root: HTMLElement, post: (m: FrameStateMessage) => void): void {
  const store = new ThreadStore();
  store.add(SAMPLES);
  let nextId = 3;
  let widget = previewWidget({});
  let formDone = false;

  const render = (follow = false) => {
    view.thread.render(store.items(), follow);
    view.setTop(false, false);
    const form = visibleFields(widget.preChat).length > 0 && !formDone;
    view.showPreChat(form ? widget.preChat : null);
    view.setOffline(!widget.online, widget.offlineMessage, !form, null);
  };
  const view = new WidgetView(
    root,
    {
      onOpenChange: () => {},
      onSend: (text) => {
        store.add([{ id: String(nextId++), from: 'visitor', text, media: null, author: null, at: new Date().toISOString(), clientId: null }]);
        render(true);
      },
      onRetry: () => {},
      onTextInput: () => {},
      onPreChat: () => {
        formDone = true;
        render();
      },
      onPreChatSkip: () => {
        formDone = true;
        render();
      },
      onLeaveEmail: () => view.setNotice('In the live widget, the email is saved on the contact.'),
      onWhatsApp: () => {},
      onNearTop: () => {},
    },
    post,
  );

  window.addEventListener('message', (event: MessageEvent) => {
    if (event.origin !== location.origin || event.source !== window.parent) return;
    const data = event.data as Partial<PreviewSettingsMessage> | null;
    if (!data || data.type !== PREVIEW_SETTINGS) return;
    widget = previewWidget(data.settings, data.online);
    view.applyWidget(widget);
    render();
    if (typeof data.open === 'boolean') view.setOpen(data.open, false);
  });

  view.applyWidget(widget);
  render();
  view.setOpen(true, false);
  window.parent.postMessage({ type: PREVIEW_READY }, location.origin);
}
