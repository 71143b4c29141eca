import type { SupabaseClient } from '@supabase/supabase-js';
import { authFetch } from '../api/client.ts';
import type { LiveChange } from './changes.ts';

/** Opens one live connection; calls live() once it delivers changes, down() once when it ends. */
export type Connect = (on: { live(): void; down(): void }) => () => void;

type OnChange = (change: LiveChange) => void;

const STALE_MS = 60_000; // the server pings every 25 s; silence this long means a dead connection
let channelSeq = 0;

/** Local mode: GET /api/events, read with fetch (EventSource cannot send the Authorization header). */
export function connectSse(onChange: OnChange): Connect {
  return ({ live, down }) => {
    const abort = new AbortController();
    readEvents(abort.signal, (event, data) => {
      if (event === 'ready') live();
      if (event === 'change') {
        const change = JSON.parse(data) as Partial<LiveChange> | null;
        if (typeof change?.topic === 'string') onChange(change as LiveChange);
      }
    }).then(down, down);
    return () => abort.abort();
  };
}

/**
 * Supabase mode: Realtime postgres_changes on live_signals, where the server writes one row per
 * workspace and topic whenever that topic changes (the same topics as SSE), so every view is live.
 */
export function connectRealtime(supabase: SupabaseClient, onChange: OnChange): Connect {
  return ({ live, down }) => {
    // A fresh topic per attempt: supabase-js hands back an existing channel with the same name.
    const channel = supabase.channel(`parley-live-${++channelSeq}`);
    channel.on('postgres_changes', { event: '*', schema: 'public', table: 'live_signals' }, ({ new: row }) => {
      const topic = (row as { topic?: unknown }).topic;
      if (typeof topic === 'string') onChange({ topic });
    });
    channel.subscribe((status) => (status === 'SUBSCRIBED' ? live() : down()));
    return () => void supabase.removeChannel(channel);
  };
}

/** Reads an SSE stream until it ends; rejects on HTTP or network errors. */
async function readEvents(signal: AbortSignal, onEvent: (event: string, data: string) => void): Promise<void> {
  const res = await authFetch('/events', { signal, headers: { Accept: 'text/event-stream' } });
  if (!res.ok || !res.body) throw new Error(`GET /api/events answered ${res.status}`);
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  let watchdog = 0;
  const arm = () => {
    window.clearTimeout(watchdog);
    watchdog = window.setTimeout(() => void reader.cancel(), STALE_MS);
  };
  let buffer = '';
  let event = '';
  let data: string[] = [];
  try {
    arm();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      arm();
      const lines = (buffer + value).split(/\r?\n/);
      buffer = lines.pop()!;
      for (const line of lines) {
        if (line === '') {
          if (data.length) onEvent(event || 'message', data.join('\n'));
          event = '';
          data = [];
        } else if (!line.startsWith(':')) {
          const colon = line.indexOf(':');
          const field = colon < 0 ? line : line.slice(0, colon);
          const text = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
          if (field === 'event') event = text;
          else if (field === 'data') data.push(text);
        }
      }
    }
  } finally {
    window.clearTimeout(watchdog);
  }
}
