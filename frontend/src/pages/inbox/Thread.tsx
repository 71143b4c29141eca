import { useEffect, useRef, useState } from 'react';
import { contactLabel, useThread, type Message } from '../../api/inbox.ts';
import { Badge } from '../../components/Badge.tsx';
import { Button } from '../../components/Button.tsx';
import { ChannelBadge } from '../../components/ChannelBadge.tsx';
import { ErrorNote, Loading } from '../../components/Notes.tsx';
import { Composer } from './Composer.tsx';
import { MessageBubble } from './MessageBubble.tsx';
import { ConversationActions } from './ConversationActions.tsx';
import { useMarkReadOnOpen } from './useMarkReadOnOpen.ts';

/** One conversation: newest at the bottom, "Load older messages" at the top, the composer below. */
export function Thread({ conversationId, onBack }: { conversationId: string; onBack: () => void }) {
  const thread = useThread(conversationId);
  const pages = thread.data?.pages ?? [];
  const conversation = pages[0]?.conversation;
  const messages = [...pages].reverse().flatMap((p) => p.messages);
  const newestId = messages.at(-1)?.id;
  const scroller = useRef<HTMLDivElement>(null);
  const [replyTo, setReplyTo] = useState<Message | null>(null);
  useMarkReadOnOpen(conversation);

  // Follow new messages (and open at the bottom); loading older ones keeps the position.
  useEffect(() => {
    const el = scroller.current;
    if (el && newestId !== undefined) el.scrollTop = el.scrollHeight;
  }, [newestId, conversationId]);

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
      <div ref={scroller} className="flex-1 space-y-3 overflow-y-auto p-3">
        {thread.isPending && <Loading what="Loading messages…" />}
        <ErrorNote error={thread.error} />
        {thread.hasNextPage && (
          <div className="text-center">
            <Button onClick={() => void thread.fetchNextPage()} disabled={thread.isFetchingNextPage}>
              {thread.isFetchingNextPage ? 'Loading…' : 'Load older messages'}
            </Button>
          </div>
        )}
        {thread.isSuccess && messages.length === 0 && <p className="py-6 text-center text-sm text-neutral-500">No messages in this conversation.</p>}
        <ol className="space-y-2">
          {messages.map((m) => (
            <MessageBubble key={m.id} message={m} onReply={conversation?.channel === 'instagram' ? undefined : setReplyTo} />
          ))}
        </ol>
      </div>
      {conversation && <Composer conversation={conversation} replyTo={replyTo} onClearReply={() => setReplyTo(null)} />}
    </section>
  );
}
