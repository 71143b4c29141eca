import { type ReactNode, useState } from 'react';
import { MessageIcon, type MessageIconName } from './messageIcons.tsx';

// Building blocks of a message's body, shared by the WhatsApp and the Instagram/Messenger views.
// Payloads come from Meta (and customers), so every field is checked before it is shown.

type Obj = Record<string, unknown>;
export const obj = (v: unknown): Obj => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Obj) : {});
export const str = (v: unknown): string | null => (typeof v === 'string' && v ? v : typeof v === 'number' ? String(v) : null);

/** The URL if it is http(s); anything else (javascript:, data:...) is never made a link. */
export function webUrl(v: unknown): string | null {
  const s = str(v);
  if (!s) return null;
  try {
    const url = new URL(s);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : null;
  } catch {
    return null;
  }
}

export function Text({ children }: { children: ReactNode }) {
  return <p className="whitespace-pre-wrap break-words text-sm">{children}</p>;
}

export function Muted({ children }: { children: ReactNode }) {
  return <p className="text-sm italic text-neutral-500">{children}</p>;
}

export function Labelled({ icon, label, children }: { icon: MessageIconName; label: string; children?: ReactNode }) {
  return (
    <div className="flex gap-2 text-sm">
      <MessageIcon name={icon} />
      <div className="min-w-0">
        <span className="block text-xs text-neutral-500">{label}</span>
        {children && <span className="break-words">{children}</span>}
      </div>
    </div>
  );
}

/** A link out of Parley: a new tab that gets neither a handle on this one nor its address. */
export function ExternalLink({ url, children }: { url: string; children: ReactNode }) {
  return (
    <a href={url} target="_blank" rel="noopener noreferrer" className="text-sky-700 underline underline-offset-2 hover:text-sky-900">
      {children}
    </a>
  );
}

/**
 * A picture from Meta's CDN, requested without a Referer (which would tell Meta where Parley runs).
 * Those URLs expire: when it no longer loads, the labelled link stays.
 */
export function RemoteImage({ url, label, className }: { url: string | null; label: string; className: string }) {
  const [failed, setFailed] = useState(false);
  if (!url || failed) {
    return (
      <Labelled icon="image" label={label}>
        {url ? <ExternalLink url={url}>Open</ExternalLink> : <span className="text-neutral-500">no longer available</span>}
      </Labelled>
    );
  }
  return (
    <ExternalLink url={url}>
      <img src={url} alt={label} referrerPolicy="no-referrer" loading="lazy" onError={() => setFailed(true)} className={`rounded-md ${className}`} />
    </ExternalLink>
  );
}
