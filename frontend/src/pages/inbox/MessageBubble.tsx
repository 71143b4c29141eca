import { useMe } from '../../api/queries.ts';
import type { Message } from '../../api/inbox.ts';
import { formatDateTime, formatShort } from '../../lib/format.ts';
import { useTimeZone } from '../../lib/useTimeZone.ts';
import { isUnsent, MessageContent } from './MessageContent.tsx';
import { RetryButton } from './RetryButton.tsx';
import { FailureNote, StatusTicks } from './StatusTicks.tsx';

/**
 * Inbound on the left (white), outbound on the right (green), WhatsApp-style; a private note on
 * the right in yellow, labelled, never with ticks. A person's message says who sent it ("You").
 * `onReply`: the bubble offers "Reply" (the composer quotes it). `highlighted`: the search result
 * the thread was opened at.
 */
export function MessageBubble({ message: m, onReply, highlighted = false }: { message: Message; onReply?: (m: Message) => void; highlighted?: boolean }) {
  const timeZone = useTimeZone();
  const me = useMe().data?.user.id;
  const note = m.direction === 'note';
  const right = m.direction !== 'inbound';
  const at = m.sentAt ?? m.createdAt;
  const author = m.sentBy ? (m.sentBy.id === me ? 'You' : m.sentBy.name) : null;
  const colour = note ? 'bg-amber-100 ring-1 ring-amber-300' : right ? 'bg-emerald-100' : 'bg-white';
  return (
    <li
      data-testid="message"
      data-message-id={m.id}
      data-highlighted={highlighted || undefined}
      data-direction={m.direction}
      className={`group flex ${right ? 'justify-end' : 'justify-start'} ${m.reaction ? 'pb-3' : ''}`}
    >
      <div
        className={`relative max-w-[85%] rounded-lg px-3 py-2 text-neutral-900 shadow-xs sm:max-w-[70%] ${right ? 'rounded-tr-none' : 'rounded-tl-none'} ${colour} ${
          m.status === 'failed' ? 'ring-1 ring-red-300' : ''
        } ${highlighted ? 'ring-2 ring-amber-400' : ''}`}
      >
        {(note || author) && (
          <p data-testid="message-author" className={`mb-0.5 text-[11px] font-medium ${note ? 'text-amber-800' : 'text-emerald-800'}`}>
            {note ? `Private note${author ? ` · ${author}` : ''}` : author}
          </p>
        )}
        {m.contextExternalId && <p className="mb-1 border-l-2 border-neutral-400 pl-1.5 text-[11px] text-neutral-500">Reply to a message</p>}
        <MessageContent message={m} />
        <div className="mt-1 flex items-center justify-end gap-1.5 text-[11px] text-neutral-400">
          {m.isTest && <span className="rounded bg-sky-100 px-1 text-sky-700">test</span>}
          {m.editCount > 0 && !isUnsent(m) && (
            <span data-testid="edited" title={m.editedAt ? `Edited ${formatDateTime(m.editedAt, timeZone)}` : 'Edited'}>
              edited
            </span>
          )}
          <time dateTime={at} title={formatDateTime(at, timeZone)}>
            {formatShort(at, timeZone)}
          </time>
          <StatusTicks message={m} />
          {/* Last in the text, first on screen. */}
          {onReply && !note && m.externalId && (
            <button type="button" onClick={() => onReply(m)} className="order-first mr-auto text-neutral-500 opacity-70 hover:text-emerald-700 hover:opacity-100 group-hover:opacity-100">
              Reply
            </button>
          )}
        </div>
        <FailureNote message={m} />
        <RetryButton message={m} />
        {m.reaction && (
          <span
            data-testid="reaction"
            title="The customer's reaction"
            className={`absolute -bottom-3.5 ${right ? 'left-2' : 'right-2'} rounded-full bg-white px-1 text-sm leading-6 shadow-xs ring-1 ring-neutral-200`}
          >
            {m.reaction}
          </span>
        )}
      </div>
    </li>
  );
}
