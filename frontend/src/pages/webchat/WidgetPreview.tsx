import { useCallback, useEffect, useRef } from 'react';
import { PREVIEW_READY } from '../../../widget/protocol.ts';
import { PREVIEW_KEY, type WidgetPreviewMessage } from './widgetForm.ts';

// The widget as visitors will see it, before anything is saved: the real frame in preview mode
// (it talks to no API), fed the form's settings by postMessage on every change, and again each
// time the frame says it is ready (it may load after the first change). The protocol is the
// frame's own (frontend/widget/protocol.ts): { type: 'parley:widget:preview', settings, online }
// to the frame, { type: 'parley:widget:ready' } from it, both same-origin only.

export function WidgetPreview({ message, widgetKey }: { message: WidgetPreviewMessage; widgetKey: string | null }) {
  const frame = useRef<HTMLIFrameElement>(null);
  const latest = useRef(message);
  latest.current = message;
  const post = useCallback(() => {
    frame.current?.contentWindow?.postMessage(latest.current, window.location.origin);
  }, []);

  useEffect(() => {
    const onMessage = (e: MessageEvent) => {
      // Only our own frame, at our own origin: any other window's messages are ignored.
      if (e.source !== frame.current?.contentWindow || e.origin !== window.location.origin) return;
      if ((e.data as { type?: unknown } | null)?.type === PREVIEW_READY) post();
    };
    window.addEventListener('message', onMessage);
    return () => window.removeEventListener('message', onMessage);
  }, [post]);

  // The message is a new object on every render: post when its content changed.
  const content = JSON.stringify(message);
  useEffect(() => {
    post();
  }, [content, post]);

  const src = `/widget/frame?key=${encodeURIComponent(widgetKey ?? PREVIEW_KEY)}&preview=1`;
  return (
    <section aria-label="Preview" className="space-y-2">
      <h2 className="text-sm font-semibold text-neutral-900">Preview</h2>
      <div className="overflow-hidden rounded-lg border border-neutral-200 bg-[repeating-linear-gradient(45deg,#fafafa_0,#fafafa_10px,#f4f4f5_10px,#f4f4f5_20px)]">
        <iframe ref={frame} src={src} title="Widget preview" data-testid="widget-preview" onLoad={post} className="block h-[clamp(26rem,calc(100dvh-18rem),40rem)] w-full border-0 bg-transparent" />
      </div>
      <p className="text-xs text-neutral-500">Unsaved changes show here at once; visitors see them after Save.</p>
    </section>
  );
}
