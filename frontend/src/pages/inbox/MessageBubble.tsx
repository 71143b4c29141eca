import type { Message } from '../../api/inbox.ts';
import { formatDateTime, formatShort } from '../../lib/format.ts';
import { useTimeZone } from '../../lib/useTimeZone.ts';
import { isUnsent, MessageContent } from './MessageContent.tsx';
import { RetryButton } from './RetryButton.tsx';
import { FailureNote, StatusTicks } from './StatusTicks.tsx';

/** Inbound on the left (white), outbound on the right (green), WhatsApp-style; `highlighted`: the search result it was opened at. */
export function MessageBubble({ message: m, highlighted = false }: { message: Message; highlighted?: boolean }) {
  const timeZone = useTimeZone();
  const outbound = m.direction === 'outbound';
  const at = m.sentAt ?? m.createdAt;
  return (
    <li data-testid="message" data-message-id={m.id} data-highlighted={highlighted || undefined} data-direction={m.direction} className={`flex ${outbound ? 'justify-end' : 'justify-start'} ${m.reaction ? 'pb-3' : ''}`}>
      <div
        className={`relative max-w-[85%] rounded-lg px-3 py-2 shadow-xs sm:max-w-[70%] ${
          outbound ? 'rounded-tr-none bg-emerald-100 text-neutral-900' : 'rounded-tl-none bg-white text-neutral-900'
        } ${m.status === 'failed' ? 'ring-1 ring-red-300' : ''} ${highlighted ? 'ring-2 ring-amber-400' : ''}`}
      >
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
        </div>
        <FailureNote message={m} />
        <RetryButton message={m} />
        {m.reaction && (
          <span
            data-testid="reaction"
            title="The customer's reaction"
            className={`absolute -bottom-3.5 ${outbound ? 'left-2' : 'right-2'} rounded-full bg-white px-1 text-sm leading-6 shadow-xs ring-1 ring-neutral-200`}
          >
            {m.reaction}
          </span>
        )}
      </div>
    </li>
  );
}
