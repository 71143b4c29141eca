import { useQueryClient } from '@tanstack/react-query';
import { type KeyboardEvent, useEffect, useRef, useState } from 'react';
import { isWebChat } from '../../api/accounts.ts';
import { ApiError } from '../../api/client.ts';
import { INBOX, type Conversation, type Message } from '../../api/inbox.ts';
import { useAddNote, useCannedReplies, useReplyWindow, useSendReply, type CannedReply, type ReplyRequest } from '../../api/compose.ts';
import { Button } from '../../components/Button.tsx';
import { FILTER_INPUT } from '../../components/Field.tsx';
import { ErrorNote } from '../../components/Notes.tsx';
import { formatDateTime } from '../../lib/format.ts';
import { useTimeZone } from '../../lib/useTimeZone.ts';
import { CannedPicker, matchingReplies, slashQuery } from './CannedPicker.tsx';
import { TemplatePicker } from './TemplatePicker.tsx';
import { useTypingSignal } from './typing.ts';

type Tab = 'reply' | 'note';
type Media = { type: 'image' | 'video' | 'audio' | 'document'; url: string; filename: string };

/**
 * The bottom of a thread: a reply to the customer or a private note for the team. Enter sends,
 * Shift+Enter starts a new line, `/` opens the canned replies; a file by URL, and a reply quoting
 * a message (Esc drops it). What the customer's window allows decides what is offered: outside
 * WhatsApp's 24 hours a template, on Instagram and Messenger a tagged reply up to 7 days (web chat
 * has no window). On web chat the visitor sees "typing…" while a reply is being written.
 */
export function Composer({ conversation, replyTo, onClearReply }: { conversation: Conversation; replyTo: Message | null; onClearReply: () => void }) {
  const timeZone = useTimeZone();
  const queryClient = useQueryClient();
  const [tab, setTab] = useState<Tab>('reply');
  const [text, setText] = useState('');
  const [media, setMedia] = useState<Media | null>(null);
  const [active, setActive] = useState(0);
  const input = useRef<HTMLTextAreaElement>(null);
  const replyWindow = useReplyWindow(conversation.id);
  const canned = useCannedReplies(conversation.id);
  const send = useSendReply(conversation.id);
  const note = useAddNote(conversation.id);
  const webChat = isWebChat(conversation.channel);
  const typingSignal = useTypingSignal(conversation.id, webChat);
  const w = replyWindow.data;

  useEffect(() => {
    if (replyTo) input.current?.focus();
  }, [replyTo]);
  // A refusal about the window means it moved: ask again, so the template picker shows.
  useEffect(() => {
    if (send.error instanceof ApiError && send.error.code === 'window_closed') void queryClient.invalidateQueries({ queryKey: [INBOX, 'reply-window', conversation.id] });
  }, [send.error, queryClient, conversation.id]);

  const slash = slashQuery(text);
  const options = slash ? matchingReplies(canned.data?.items ?? [], slash.query) : [];
  const archived = conversation.status === 'archived';
  // Web chat has no window (the server answers 'open'): never hide the box there on a window state.
  const freeForm = w?.state === 'open' || w?.state === 'human_agent' || (webChat && !!w);
  const canReply = !archived && freeForm;
  const pending = send.isPending || note.isPending;

  const pick = (r: CannedReply) => {
    setText((t) => `${t.slice(0, slashQuery(t)?.start ?? t.length)}${r.filled ?? r.body}`);
    setActive(0);
    input.current?.focus();
  };
  const clear = () => {
    setText('');
    setMedia(null);
    onClearReply();
  };
  const submit = () => {
    const body = text.trim();
    if (pending) return;
    if (tab === 'note') {
      if (body) note.mutate(body, { onSuccess: () => setText('') });
      return;
    }
    if (!canReply) return;
    typingSignal.stopped();
    const quote = replyTo && w?.replyContext ? { replyToMessageId: replyTo.id } : {};
    let request: ReplyRequest;
    if (media) {
      if (!media.url.trim()) return;
      request = { media: { type: media.type, url: media.url.trim(), ...(body ? { caption: body } : {}), ...(media.type === 'document' && media.filename.trim() ? { filename: media.filename.trim() } : {}) }, ...quote };
    } else if (body) request = { text: body, ...quote };
    else return;
    send.mutate(request, { onSuccess: clear });
  };
  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (e.nativeEvent.isComposing) return;
    if (slash && options.length) {
      if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
        e.preventDefault();
        setActive((i) => (i + (e.key === 'ArrowDown' ? 1 : options.length - 1)) % options.length);
        return;
      }
      if (e.key === 'Enter' || e.key === 'Tab') {
        e.preventDefault();
        pick(options[Math.min(active, options.length - 1)]!);
        return;
      }
    }
    if (e.key === 'Escape') {
      if (slash) setText((t) => t.slice(0, slash.start));
      else onClearReply();
      return;
    }
    if (e.key === 'Enter' && !e.shiftKey) {
      e.preventDefault();
      submit();
    }
  };

  const isNote = tab === 'note';
  const disabled = !isNote && !canReply;
  return (
    <div className={`border-t border-neutral-200 px-3 py-2 ${isNote ? 'bg-amber-50' : 'bg-white'}`} data-testid="composer">
      <div role="tablist" aria-label="Composer" className="mb-2 flex gap-1">
        {(['reply', 'note'] as const).map((t) => (
          <button
            key={t}
            type="button"
            role="tab"
            aria-selected={tab === t}
            onClick={() => {
              if (t === 'note') typingSignal.stopped();
              setTab(t);
            }}
            className={`rounded-md px-2.5 py-1 text-xs font-medium ${tab === t ? (t === 'note' ? 'bg-amber-200 text-amber-900' : 'bg-emerald-100 text-emerald-900') : 'text-neutral-500 hover:bg-neutral-100'}`}
          >
            {t === 'reply' ? 'Reply' : 'Private note'}
          </button>
        ))}
      </div>
      {!isNote && <WindowNote conversation={conversation} timeZone={timeZone} w={webChat ? undefined : w} />}
      {!isNote && !archived && !webChat && w?.state === 'template_only' && <TemplatePicker conversationId={conversation.id} />}
      {!isNote && replyTo && w?.replyContext && (
        <div data-testid="reply-context" className="mb-2 flex items-start gap-2 rounded-md border-l-4 border-emerald-500 bg-neutral-50 px-2 py-1 text-xs text-neutral-600">
          <span className="min-w-0 flex-1 truncate">Replying to: {replyTo.body ?? `[${replyTo.type}]`}</span>
          <button type="button" aria-label="Cancel the reply to this message" onClick={onClearReply} className="text-neutral-400 hover:text-neutral-700">
            ✕
          </button>
        </div>
      )}
      {!isNote && canReply && media && <MediaFields media={media} onChange={setMedia} fetchedBy={webChat ? "the visitor's browser" : 'Meta'} />}
      {(isNote || canReply) && (
        <div className="relative flex items-end gap-2">
          {slash && <CannedPicker items={options} active={Math.min(active, Math.max(options.length - 1, 0))} onPick={pick} />}
          <textarea
            ref={input}
            data-composer-input
            aria-label={isNote ? 'Private note' : media ? 'Caption' : 'Reply'}
            rows={2}
            value={text}
            disabled={disabled}
            onChange={(e) => {
              setText(e.target.value);
              setActive(0);
              // Only a reply is announced: a private note is never the customer's business.
              if (tab === 'reply' && e.target.value.trim()) typingSignal.typed();
              else typingSignal.stopped();
            }}
            onBlur={typingSignal.stopped}
            onKeyDown={onKeyDown}
            placeholder={isNote ? 'A note for your team: the customer never sees it' : media ? 'Caption (optional)' : 'Type a reply; / for canned replies'}
            className={`${FILTER_INPUT} min-h-[2.75rem] flex-1 resize-y`}
          />
          {!isNote && (
            <Button title="Attach a file by URL" aria-pressed={!!media} onClick={() => setMedia((m) => (m ? null : { type: 'image', url: '', filename: '' }))}>
              {media ? 'No file' : 'Attach'}
            </Button>
          )}
          <Button variant="primary" onClick={submit} disabled={pending || disabled}>
            {pending ? 'Sending…' : isNote ? 'Add note' : 'Send'}
          </Button>
        </div>
      )}
      <ErrorNote error={isNote ? note.error : send.error} />
    </div>
  );
}

/** FILTER_INPUT without its full width, for fields side by side. */
const INLINE_INPUT = FILTER_INPUT.replace('w-full', '');

function MediaFields({ media, onChange, fetchedBy }: { media: Media; onChange: (m: Media) => void; fetchedBy: string }) {
  return (
    <div className="mb-2 flex flex-wrap gap-2" data-testid="media-fields">
      <select aria-label="File type" value={media.type} onChange={(e) => onChange({ ...media, type: e.target.value as Media['type'] })} className={`${INLINE_INPUT} w-32`}>
        <option value="image">Image</option>
        <option value="video">Video</option>
        <option value="audio">Audio</option>
        <option value="document">Document</option>
      </select>
      <input aria-label="File URL" placeholder={`https://… (a public link ${fetchedBy} can fetch)`} value={media.url} onChange={(e) => onChange({ ...media, url: e.target.value })} className={`${INLINE_INPUT} min-w-48 flex-1`} />
      {media.type === 'document' && (
        <input aria-label="File name" placeholder="File name (optional)" value={media.filename} onChange={(e) => onChange({ ...media, filename: e.target.value })} className={`${INLINE_INPUT} w-48`} />
      )}
    </div>
  );
}

function WindowNote({ conversation, w, timeZone }: { conversation: Conversation; w: ReturnType<typeof useReplyWindow>['data']; timeZone: string }) {
  const at = (iso: string | null) => (iso ? formatDateTime(iso, timeZone) : '');
  let note: string | null = null;
  if (conversation.status === 'archived') note = 'This conversation is archived: its account was removed, so no reply can be sent.';
  else if (w?.state === 'human_agent') note = `More than 24 hours since the customer's last message: your reply goes with Meta's human-agent tag (possible until ${at(w.endsAt)}).`;
  else if (w?.state === 'template_only') {
    note = w.closedAt
      ? `WhatsApp's 24-hour window closed ${at(w.closedAt)}. Until the customer writes again, only an approved template can be sent.`
      : 'The customer has not written yet: WhatsApp allows only an approved template.';
  } else if (w?.state === 'closed') {
    note = w.closedAt
      ? `The messaging window closed ${at(w.closedAt)}, 7 days after the customer's last message. Nothing can be sent until they write again.`
      : 'The customer has not written yet: nothing can be sent until they do.';
  }
  if (!note) return null;
  return (
    <p data-testid="window-note" data-state={w?.state} className="mb-2 rounded-md bg-amber-50 px-2 py-1.5 text-xs text-amber-900">
      {note}
    </p>
  );
}
