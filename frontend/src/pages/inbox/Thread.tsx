import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import { isWebChat } from '../../api/accounts.ts';
import { contactLabel, useThread, type Message } from '../../api/inbox.ts';
import { Badge } from '../../components/Badge.tsx';
import { Button } from '../../components/Button.tsx';
import { ChannelBadge } from '../../components/ChannelBadge.tsx';
import { ErrorNote, Loading } from '../../components/Notes.tsx';
import { Composer } from './Composer.tsx';
import { MessageBubble } from './MessageBubble.tsx';
import { ConversationActions } from './ConversationActions.tsx';
import { useVisitorTyping } from './typing.ts';
import { useMarkReadOnOpen } from './useMarkReadOnOpen.ts';

/**
 * One conversation: newest at the bottom, the composer below; older messages load when scrolled
 * to the top (the view stays where it was). Opened from a search result (`aroundId`) it shows that
 * message highlighted in the middle, and loads newer ones when scrolled to the bottom.
 */
export function Thread({ conversationId, aroundId = null, onBack }: { conversationId: string; aroundId?: string | null; onBack: () => void }) {
  const thread = useThread(conversationId, aroundId);
  const pages = thread.data?.pages ?? [];
  const conversation = pages.at(-1)?.conversation;
  const messages = pages.flatMap((p) => p.messages);
  const oldestId = messages[0]?.id;
  const newestId = messages.at(-1)?.id;
  const scroller = useRef<HTMLDivElement>(null);
  const [replyTo, setReplyTo] = useState<Message | null>(null);
  useMarkReadOnOpen(conversation);
  const visitorTyping = useVisitorTyping(conversationId, newestId);
  // Instagram cannot quote a message; web chat has no quoted replies either.
  const canQuote = !!conversation && conversation.channel !== 'instagram' && !isWebChat(conversation.channel);
  const { fromBottom, onScroll, loadOlder } = useThreadScrolling(scroller, thread);

  // Older messages went in above: keep the same message under the reader's eyes.
  useLayoutEffect(() => {
    const el = scroller.current;
    if (el && fromBottom.current !== null) el.scrollTop = el.scrollHeight - fromBottom.current;
    fromBottom.current = null;
  }, [oldestId, fromBottom]);

  // Open at the search result, else at the bottom; then follow new messages while at the live end.
  const opened = useRef(false);
  useEffect(() => {
    const el = scroller.current;
    if (!el || newestId === undefined) return;
    if (!opened.current && aroundId) {
      el.querySelector(`[data-message-id="${CSS.escape(aroundId)}"]`)?.scrollIntoView({ block: 'center' });
    } else if (!thread.hasNextPage && (!opened.current || el.scrollHeight - el.scrollTop - el.clientHeight < 300)) {
      el.scrollTop = el.scrollHeight;
    }
    opened.current = true;
  }, [newestId, aroundId, thread.hasNextPage]);
  // "… is typing" appears under the last message: keep it in view when the reader is at the end.
  useEffect(() => {
    const el = scroller.current;
    if (el && visitorTyping && el.scrollHeight - el.scrollTop - el.clientHeight < 300) el.scrollTop = el.scrollHeight;
  }, [visitorTyping]);

  return (
    <section aria-label="Conversation" className="flex flex-col overflow-hidden rounded-lg border border-neutral-200 bg-neutral-100 h-[calc(100dvh-12rem)] min-h-80 md:h-full md:min-h-0">
      <header className="flex items-start gap-2 border-b border-neutral-200 bg-white px-3 py-2.5">
        <Button variant="ghost" className="-ml-1 px-2 md:hidden" onClick={onBack} aria-label="Back to conversations">
          ←
        </Button>
        {conversation ? (
          <div className="min-w-0 flex-1">
            <h2 className="truncate text-sm font-semibold text-neutral-900">{contactLabel(conversation)}</h2>
            <p className="truncate text-xs text-neutral-500">
              {conversation.channel === 'whatsapp' && `+${conversation.contact.externalId} · `}
              via {conversation.account.name}
              {conversation.account.handle && ` (${conversation.account.handle})`}
            </p>
          </div>
        ) : (
          <div className="flex-1" />
        )}
        <div className="flex shrink-0 flex-wrap justify-end gap-1.5">
          {conversation && <ChannelBadge channel={conversation.channel} />}
          {conversation?.isTest && <Badge tone="blue">Test data</Badge>}
          {conversation?.status === 'archived' && <Badge title="The account was disconnected or the conversation closed; history is kept">Archived</Badge>}
        </div>
      </header>
      {conversation && <ConversationActions conversation={conversation} />}
      <div ref={scroller} onScroll={onScroll} data-testid="thread-scroller" className="flex-1 space-y-3 overflow-y-auto p-3 [overflow-anchor:none]">
        {thread.isPending && <Loading what="Loading messages…" />}
        <ErrorNote error={thread.error} />
        {thread.hasPreviousPage && (
          <div className="text-center">
            <Button onClick={loadOlder} disabled={thread.isFetchingPreviousPage}>
              {thread.isFetchingPreviousPage ? 'Loading…' : 'Load older messages'}
            </Button>
          </div>
        )}
        {thread.isSuccess && messages.length === 0 && <p className="py-6 text-center text-sm text-neutral-500">No messages in this conversation.</p>}
        <ol className="space-y-2">
          {messages.map((m) => (
            <MessageBubble key={m.id} message={m} highlighted={m.id === aroundId} onReply={canQuote ? setReplyTo : undefined} />
          ))}
        </ol>
        {visitorTyping && conversation && !thread.hasNextPage && (
          <p data-testid="visitor-typing" role="status" className="text-xs italic text-neutral-500">
            {contactLabel(conversation)} is typing…
          </p>
        )}
        {thread.hasNextPage && (
          <div className="text-center">
            <Button onClick={() => void thread.fetchNextPage()} disabled={thread.isFetchingNextPage}>
              {thread.isFetchingNextPage ? 'Loading…' : 'Load newer messages'}
            </Button>
          </div>
        )}
      </div>
      {conversation && <Composer conversation={conversation} replyTo={replyTo} onClearReply={() => setReplyTo(null)} />}
    </section>
  );
}

/**
 * Loads older messages near the top and newer ones near the bottom; before older ones go in, it
 * notes the distance from the bottom so the view can stay put (Thread's layout effect).
 */
function useThreadScrolling(scroller: React.RefObject<HTMLDivElement | null>, thread: ReturnType<typeof useThread>) {
  const fromBottom = useRef<number | null>(null);
  const loadOlder = () => {
    const el = scroller.current;
    if (!el || !thread.hasPreviousPage || thread.isFetchingPreviousPage) return;
    fromBottom.current = el.scrollHeight - el.scrollTop;
    void thread.fetchPreviousPage();
  };
  const onScroll = () => {
    const el = scroller.current;
    if (!el) return;
    if (el.scrollTop < 120) loadOlder();
    else if (el.scrollHeight - el.scrollTop - el.clientHeight < 120 && thread.hasNextPage && !thread.isFetchingNextPage) {
      void thread.fetchNextPage();
    }
  };
  return { fromBottom, onScroll, loadOlder };
}
