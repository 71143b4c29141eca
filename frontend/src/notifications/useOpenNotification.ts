import { useNavigate } from 'react-router-dom';
import { useMarkRead, type Notification } from '../api/notifications.ts';
import { isInAppPath } from '../lib/query.ts';

/** Clicking a notification: mark it read, then go to its in-app actionUrl (if any). */
export function useOpenNotification(after?: () => void) {
  const navigate = useNavigate();
  const markRead = useMarkRead();
  return (n: Notification) => {
    if (!n.isRead) markRead.mutate(n.id);
    after?.();
    if (isInAppPath(n.actionUrl)) navigate(n.actionUrl);
  };
}
