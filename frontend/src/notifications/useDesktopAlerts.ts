import { useEffect, useRef } from 'react';
import { useNotifications } from '../api/notifications.ts';

// Kinds a person must act on at once: a conversation given to them, a customer waiting for one.
const ALERT_TYPES = new Set(['conversation_assigned', 'handover']);

/**
 * A browser notification for each new unread assignment or handover, when the user allowed them
 * (the bell offers it). What was already there when the page opened is not announced again.
 */
export function useDesktopAlerts() {
  const list = useNotifications();
  const seen = useRef<Set<string> | null>(null);
  const items = list.data?.pages[0]?.items;
  useEffect(() => {
    if (!items) return;
    if (!seen.current) {
      seen.current = new Set(items.map((n) => n.id));
      return;
    }
    for (const n of items) {
      if (seen.current.has(n.id)) continue;
      seen.current.add(n.id);
      if (n.isRead || !ALERT_TYPES.has(n.type) || !('Notification' in window) || Notification.permission !== 'granted') continue;
      const alert = new Notification(n.title, { body: n.message, tag: n.id });
      alert.onclick = () => {
        window.focus();
        if (n.actionUrl) window.location.assign(n.actionUrl);
      };
    }
  }, [items]);
}

/** Whether the bell should offer to turn browser notifications on. */
export const canAskForDesktopAlerts = () => 'Notification' in window && Notification.permission === 'default';
