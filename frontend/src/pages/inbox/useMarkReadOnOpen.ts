import { useEffect, useRef } from 'react';
import type { Conversation } from '../../api/inbox.ts';
import { useConversationAction } from '../../api/conversations.ts';

/** An open thread is read: its unread count goes to zero when it opens, and again as new messages arrive while it is in view. */
export function useMarkReadOnOpen(conversation: Conversation | undefined) {
  const { mutate } = useConversationAction(conversation?.id ?? '');
  const tried = useRef('');
  const key = conversation && conversation.unreadCount > 0 ? `${conversation.id}:${conversation.lastMessageAt}` : '';
  useEffect(() => {
    // Once per new message: a failed call is not retried in a loop.
    if (!key || key === tried.current || document.visibilityState !== 'visible') return;
    tried.current = key;
    mutate({ kind: 'read' });
  }, [key, mutate]);
}
