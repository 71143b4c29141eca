import { useEffect } from 'react';
import { useConversationAction } from '../../api/conversations.ts';
import { useMe } from '../../api/queries.ts';

export const SHORTCUTS: Array<[string, string]> = [
  ['j', 'Next conversation'],
  ['k', 'Previous conversation'],
  ['r', 'Reply (focus the message box)'],
  ['e', 'Resolve the open conversation'],
  ['a', 'Assign the open conversation to me'],
  ['?', 'Show these shortcuts'],
  ['Esc', 'Close a dialog, leave the message box'],
];

/** Typing in a field, or with a modifier held, is never a shortcut. */
function typing(e: KeyboardEvent): boolean {
  const t = e.target as HTMLElement | null;
  return e.ctrlKey || e.metaKey || e.altKey || !!t?.closest('input, textarea, select, [contenteditable="true"], dialog');
}

/** The inbox's single-key shortcuts, over the conversations as the list shows them. */
export function useInboxShortcuts(selectedId: string | null, select: (id: string) => void, showHelp: () => void) {
  const act = useConversationAction(selectedId ?? '');
  const me = useMe();
  const myId = me.data?.user.id;
  const { mutate } = act;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (typing(e)) return;
      const ids = [...document.querySelectorAll<HTMLElement>('[data-conversation-id]')].map((el) => el.dataset.conversationId!);
      const at = selectedId ? ids.indexOf(selectedId) : -1;
      const go = (i: number) => {
        const id = ids[Math.max(0, Math.min(ids.length - 1, i))];
        if (!id) return;
        select(id);
        document.querySelector(`[data-conversation-id="${id}"]`)?.scrollIntoView({ block: 'nearest' });
      };
      let handled = true;
      if (e.key === 'j') go(at + 1);
      else if (e.key === 'k') go(at < 0 ? 0 : at - 1);
      else if (e.key === '?') showHelp();
      else if (e.key === 'r' && selectedId) document.querySelector<HTMLElement>('[data-composer-input]')?.focus();
      else if (e.key === 'e' && selectedId) mutate({ kind: 'status', status: 'resolved' });
      else if (e.key === 'a' && selectedId && myId) mutate({ kind: 'assign', userId: myId });
      else handled = false;
      if (handled) e.preventDefault();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [selectedId, select, showHelp, mutate, myId]);
}
