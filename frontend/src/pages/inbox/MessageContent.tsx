import type { Message } from '../../api/inbox.ts';
import { Badge } from '../../components/Badge.tsx';
import { MessageIcon, type MessageIconName } from './messageIcons.tsx';
import { isMessagingPayload, MessagingContent } from './MessagingContent.tsx';
import { ExternalLink, Labelled, Muted, obj, RemoteImage, str, Text, webUrl } from './messageParts.tsx';

// WhatsApp messages by type here; Instagram and Messenger payloads in MessagingContent.tsx.

/** WhatsApp media: a customer's is an id to fetch from Meta; one we sent from the inbox is its link. */
const MEDIA: Record<string, { icon: MessageIconName; label: string }> = {
  image: { icon: 'image', label: 'Photo' },
  video: { icon: 'video', label: 'Video' },
  document: { icon: 'document', label: 'Document' },
  audio: { icon: 'audio', label: 'Audio' },
  sticker: { icon: 'sticker', label: 'Sticker' },
};

/** A message the customer unsent: its content is gone (inbox/inbound.ts applyEdits). */
export const isUnsent = (m: Message) => obj(m.payload).deleted === true;

/** The body of a message by its type, from `body` and the type's `payload`. */
export function MessageContent({ message: m }: { message: Message }) {
  if (isUnsent(m)) return <Muted>Message unsent</Muted>;
  if (isMessagingPayload(m)) return <MessagingContent message={m} />;
  const p = obj(m.payload);
  const media = MEDIA[m.type];
  if (media) {
    const caption = str(p.caption);
    const filename = str(p.filename);
    const link = webUrl(p.link);
    if (link && m.type === 'image') {
      return (
        <div className="space-y-1">
          <RemoteImage url={link} label="Photo" className="max-h-64 max-w-full" />
          {caption && <Text>{caption}</Text>}
        </div>
      );
    }
    return (
      <div>
        <div className="flex items-center gap-2 rounded-md bg-black/5 px-2 py-1.5">
          <MessageIcon name={media.icon} />
          <div className="min-w-0 text-xs">
            <p className="font-medium text-neutral-700">{filename ?? media.label}</p>
            {str(p.id) && <p className="truncate font-mono text-neutral-500">Media ID {str(p.id)}</p>}
            {link && <ExternalLink url={link}>Open</ExternalLink>}
          </div>
        </div>
        {caption && <Text>{caption}</Text>}
      </div>
    );
  }
  switch (m.type) {
    case 'text':
      return <Text>{m.body ?? ''}</Text>;
    case 'location': {
      const label = [str(p.name), str(p.address)].filter(Boolean).join(', ');
      return (
        <Labelled icon="location" label="Location">
          {label && <span className="block">{label}</span>}
          <span className="block font-mono text-xs text-neutral-500">
            {str(p.latitude) ?? '?'}, {str(p.longitude) ?? '?'}
          </span>
        </Labelled>
      );
    }
    case 'reaction': {
      const emoji = str(p.emoji) ?? m.body;
      return emoji ? (
        <p className="text-sm">
          <span className="text-xl">{emoji}</span> <span className="text-neutral-500">reacted</span>
        </p>
      ) : (
        <Muted>removed a reaction</Muted>
      );
    }
    case 'interactive': {
      const title = str(obj(p.button_reply).title) ?? str(obj(p.list_reply).title) ?? str(obj(p.nfm_reply).name) ?? m.body;
      return <Labelled icon="choice" label="Chose">{title ?? 'a reply'}</Labelled>;
    }
    case 'button':
      return <Labelled icon="choice" label="Tapped">{str(p.text) ?? str(p.payload) ?? m.body ?? 'a button'}</Labelled>;
    case 'contacts': {
      const names = (Array.isArray(m.payload) ? m.payload : []).map((c) => str(obj(obj(c).name).formatted_name)).filter(Boolean);
      return <Labelled icon="contact" label={names.length > 1 ? 'Contacts' : 'Contact'}>{names.join(', ') || m.body || 'A contact card'}</Labelled>;
    }
    case 'unsupported':
      return <Muted>Unsupported message{str(p.type) ? ` (${str(p.type)})` : ''}</Muted>;
    case 'template': {
      const name = m.templateName ?? str(p.name);
      return (
        <div>
          {name && (
            <p className="mb-1">
              <Badge tone="blue" title="Sent by a campaign with this template" testId="template-badge">
                Template · {name}
              </Badge>
            </p>
          )}
          {m.body ? <Text>{m.body}</Text> : !name && <Muted>Template message</Muted>}
        </div>
      );
    }
    default:
      return m.body ? <Text>{m.body}</Text> : <Muted>{`[${m.type}]`}</Muted>;
  }
}
