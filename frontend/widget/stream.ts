// The visitor's live connection: GET /api/widget/stream read with fetch (it carries the token in
// the Authorization header, which EventSource cannot), parsed by sse.ts. When it drops it comes
// back after reconnectDelay (backoff with jitter). The server's first event on each connection,
// `ready`, says the stream is registered: the caller catches up then on what it missed
// (GET /api/widget/messages?after=<last id>). A silent stream (no ping for 60 s; the server pings
// every 25 s) is treated as dropped. 401/403/404 stop it for good.

import { reconnectDelay } from './backoff.ts';
import { ApiError } from './errors.ts';
import { createSseParser, type SseEvent } from './sse.ts';

const SILENCE_MS = 60_000;

export type StreamHandlers = {
  open(signal: AbortSignal): Promise<Response>;
  onEvent(event: SseEvent): void;
  /** null: live again; an error: down (retrying unless `final`). */
  onState(error: unknown, final: boolean): void;
};

/** Starts the connection loop; returns stop(). */
export function startStream(handlers: StreamHandlers): () => void {
  let stopped = false;
  let current: AbortController | null = null;
  let wake: (() => void) | null = null;
  let openedAt = 0;

  async function readOnce(): Promise<void> {
    const abort = new AbortController();
    current = abort;
    const res = await handlers.open(abort.signal);
    if (!res.body) throw new ApiError(0, null);
    openedAt = Date.now();
    const reader = res.body.getReader();
    const parser = createSseParser(handlers.onEvent);
    let silence = window.setTimeout(() => abort.abort(), SILENCE_MS);
    handlers.onState(null, false);
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        window.clearTimeout(silence);
        silence = window.setTimeout(() => abort.abort(), SILENCE_MS);
        parser.push(value);
      }
    } catch {
      throw new ApiError(0, null);
    } finally {
      window.clearTimeout(silence);
      abort.abort();
    }
  }

  async function loop(): Promise<void> {
    let attempt = 0;
    while (!stopped) {
      let retryAfter = 0;
      openedAt = 0;
      try {
        await readOnce();
      } catch (err) {
        if (stopped) return;
        const status = err instanceof ApiError ? err.status : 0;
        const final = status === 403 || status === 404 || status === 401;
        handlers.onState(err, final);
        if (final) return;
        if (err instanceof ApiError) retryAfter = err.retryAfterMs;
      }
      if (stopped) return;
      // A stream that stayed up a while starts the backoff again; one that drops at once keeps growing it.
      if (openedAt && Date.now() - openedAt > 10_000) attempt = 0;
      await new Promise<void>((resolve) => {
        const timer = window.setTimeout(resolve, reconnectDelay(attempt++, Math.random, retryAfter));
        wake = () => {
          window.clearTimeout(timer);
          resolve();
        };
      });
      wake = null;
    }
  }

  // Back online: no reason to wait out the backoff.
  const online = () => wake?.();
  window.addEventListener('online', online);
  void loop();
  return () => {
    stopped = true;
    window.removeEventListener('online', online);
    current?.abort();
    wake?.();
  };
}
