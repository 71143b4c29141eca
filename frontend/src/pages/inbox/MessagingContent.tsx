import type { Message } from '../../api/inbox.ts';
import type { MessageIconName } from './messageIcons.tsx';
import { ExternalLink, Labelled, obj, RemoteImage, str, Text, webUrl } from './messageParts.tsx';

// Instagram and Messenger messages (channels/messenger-platform stores them): media are URLs on
// Meta's CDN in payload.attachments, not media ids as on WhatsApp; a customer can also reply to
// the business's story, tap a button (postback) or arrive from a link or an ad (referral).

/** What each attachment type is called, by Meta's attachment type. */
const ATTACHMENTS: Record<string, { icon: MessageIconName; label: string }> = {
  video: { icon: 'video', label: 'Video' },
  audio: { icon: 'audio', label: 'Audio' },
  file: { icon: 'document', label: 'Document' },
  share: { icon: 'link', label: 'Shared a post' },
  reel: { icon: 'video', label: 'Shared a reel' },
  ig_reel: { icon: 'video', label: 'Shared a reel' },
  template: { icon: 'link', label: 'Shared content' },
  fallback: { icon: 'link', label: 'Shared a link' },
  story_mention: { icon: 'story', label: 'Mentioned you in their story' },
};

/** Whether a message is in the Messenger Platform's shape rather than WhatsApp's. */
export function isMessagingPayload(m: Message): boolean {
  const p = obj(m.payload);
  return Array.isArray(p.attachments) || 'story_reply' in p || m.type === 'postback' || m.type === 'referral';
}

export function MessagingContent({ message: m }: { message: Message }) {
  const p = obj(m.payload);
  if (m.type === 'postback') return <Labelled icon="choice" label="Tapped">{str(p.title) ?? str(p.payload) ?? m.body ?? 'a button'}</Labelled>;
  if (m.type === 'referral') {
    const from = [str(p.source), str(p.type)].filter(Boolean).map((s) => s!.toLowerCase().replaceAll('_', ' '));
    return (
      <Labelled icon="link" label="Came from a link or an ad">
        {[str(p.ref) && `ref ${str(p.ref)}`, ...from].filter(Boolean).join(' · ') || null}
      </Labelled>
    );
  }
  const story = 'story_reply' in p ? obj(p.story_reply) : null;
  const attachments = (Array.isArray(p.attachments) ? p.attachments : []).map(obj);
  return (
    <div className="space-y-1.5">
      {story && <Linked icon="story" label="Replied to your story" url={webUrl(story.url)} linkText="View story" />}
      {attachments.map((a, i) => (
        <Attachment key={i} type={str(a.type) ?? 'unknown'} url={webUrl(a.url)} />
      ))}
      {m.body && <Text>{m.body}</Text>}
    </div>
  );
}

function Attachment({ type, url }: { type: string; url: string | null }) {
  if (type === 'image') return <RemoteImage url={url} label="Photo" className="max-h-64 max-w-full" />;
  if (type === 'sticker') return <RemoteImage url={url} label="Sticker" className="max-h-24" />;
  const known = ATTACHMENTS[type] ?? { icon: 'document', label: 'Attachment' };
  return <Linked icon={known.icon} label={known.label} url={url} linkText="Open" />;
}

function Linked({ icon, label, url, linkText }: { icon: MessageIconName; label: string; url: string | null; linkText: string }) {
  return <Labelled icon={icon} label={label}>{url && <ExternalLink url={url}>{linkText}</ExternalLink>}</Labelled>;
}
