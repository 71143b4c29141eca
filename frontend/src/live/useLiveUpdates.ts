import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import { useAuth } from '../auth/AuthContext.ts';
import { announceLiveChange, type LiveChange } from './changes.ts';
import { connectRealtime, connectSse } from './connection.ts';
import type { LiveStatus } from './LiveStatus.ts';

const POLL_MS = 30_000;
const COALESCE_MS = 1_000;
const BACKOFF_MIN_MS = 1_000;
const BACKOFF_MAX_MS = 30_000;

/**
 * The one live-update hook (mounted once, in the Layout). Each change invalidates the queries whose
 * key starts with its topic ('notifications', 'campaigns', 'inbox', 'templates', 'numbers', 'leads'),
 * and is announced to the views listening (live/changes.ts: 'typing' names no query, only them).
 * While the connection is down it reconnects with backoff and refetches every active query every 30 s.
 */
export function useLiveUpdates(): LiveStatus {
  const queryClient = useQueryClient();
  const { supabase } = useAuth();
  const [status, setStatus] = useState<LiveStatus>('connecting');

  const connect = useMemo(() => {
    // A sending campaign announces every batch: refetch a topic at once, then at most once a second.
    const lastRun = new Map<string, number>();
    const trailing = new Set<string>();
    const onChange = (change: LiveChange) => {
      announceLiveChange(change);
      const { topic } = change;
      if (topic === 'typing' || trailing.has(topic)) return;
      const wait = (lastRun.get(topic) ?? 0) + COALESCE_MS - Date.now();
      const run = () => {
        trailing.delete(topic);
        lastRun.set(topic, Date.now());
        void queryClient.invalidateQueries({ queryKey: [topic] });
      };
      if (wait <= 0) return run();
      trailing.add(topic);
      window.setTimeout(run, wait);
    };
    return supabase ? connectRealtime(supabase, onChange) : connectSse(onChange);
  }, [supabase, queryClient]);

  useEffect(() => {
    let stopped = false;
    let attempt = 0;
    let missed = false; // changes may have been missed while down: refetch on reconnect
    let retry = 0;
    let close = () => {};
    const open = () => {
      let ended = false;
      close = connect({
        live: () => {
          if (ended) return;
          attempt = 0;
          setStatus('live');
          if (missed) void queryClient.invalidateQueries();
          missed = false;
        },
        down: () => {
          if (ended || stopped) return;
          ended = true;
          close();
          missed = true;
          setStatus('polling');
          const delay = Math.min(BACKOFF_MAX_MS, BACKOFF_MIN_MS * 2 ** attempt++);
          retry = window.setTimeout(open, delay / 2 + Math.random() * (delay / 2));
        },
      });
    };
    setStatus('connecting');
    open();
    return () => {
      stopped = true;
      window.clearTimeout(retry);
      close();
    };
  }, [connect, queryClient]);

  useEffect(() => {
    if (status !== 'polling') return;
    const timer = window.setInterval(() => void queryClient.invalidateQueries(), POLL_MS);
    return () => window.clearInterval(timer);
  }, [status, queryClient]);

  return status;
}
