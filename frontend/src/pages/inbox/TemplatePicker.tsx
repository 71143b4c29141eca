import { useState } from 'react';
import { useInboxTemplates, useSendReply, type InboxTemplate } from '../../api/compose.ts';
import { Button } from '../../components/Button.tsx';
import { INPUT } from '../../components/Field.tsx';
import { ErrorNote } from '../../components/Notes.tsx';

type Part = { type?: unknown; format?: unknown; text?: unknown; buttons?: unknown };
const part = (t: InboxTemplate, type: string) => (t.components as Part[]).find((c) => String(c.type ?? '').toUpperCase() === type);
const text = (v: unknown) => (typeof v === 'string' ? v : '');

/** The body with the values typed so far in place of {{1}} or {{name}}; an empty one shows its placeholder. */
function preview(t: InboxTemplate, positional: string[], named: Record<string, string>): string {
  const body = text(part(t, 'BODY')?.text).replace(/\{\{\s*([a-z0-9_]+)\s*\}\}/gi, (whole, key: string) => (/^\d+$/.test(key) ? positional[Number(key) - 1] : named[key]) || whole);
  const header = part(t, 'HEADER');
  const head = header && String(header.format ?? 'TEXT').toUpperCase() === 'TEXT' ? text(header.text) : t.needs.headerMedia ? `[${t.needs.headerMedia}]` : '';
  return [head, body, text(part(t, 'FOOTER')?.text)].filter(Boolean).join('\n\n');
}

/** Outside WhatsApp's 24-hour window: an approved template, a field per variable (and the header's file), a preview. */
export function TemplatePicker({ conversationId }: { conversationId: string }) {
  const templates = useInboxTemplates(conversationId, true);
  const send = useSendReply(conversationId);
  const [key, setKey] = useState('');
  const [values, setValues] = useState<Record<string, string>>({});
  const [mediaUrl, setMediaUrl] = useState('');
  const items = templates.data?.items ?? [];
  const t = items.find((x) => `${x.name}|${x.language}` === key);
  const positional = t ? Array.from({ length: t.needs.variables }, (_, i) => values[String(i + 1)] ?? '') : [];
  const named = t ? Object.fromEntries(t.needs.named.map((n) => [n, values[n] ?? ''])) : {};
  const fields = t ? [...positional.map((_, i) => String(i + 1)), ...t.needs.named] : [];
  const complete = !!t && fields.every((f) => (values[f] ?? '').trim()) && (!t.needs.headerMedia || mediaUrl.trim());

  const submit = () => {
    if (!t) return;
    send.mutate(
      {
        template: {
          name: t.name,
          language: t.language,
          ...(t.needs.variables ? { variables: positional.map((v) => v.trim()) } : {}),
          ...(t.needs.named.length ? { namedVariables: Object.fromEntries(Object.entries(named).map(([k, v]) => [k, v.trim()])) } : {}),
          ...(t.needs.headerMedia ? { headerMediaUrl: mediaUrl.trim() } : {}),
        },
      },
      { onSuccess: () => { setKey(''); setValues({}); setMediaUrl(''); } },
    );
  };

  if (templates.isSuccess && items.length === 0) {
    return <p className="text-sm text-neutral-600">No approved template can be sent from this number. An admin can create and sync templates on the Templates page.</p>;
  }
  return (
    <div className="space-y-2" data-testid="template-picker">
      <select aria-label="Template" value={key} onChange={(e) => { setKey(e.target.value); setValues({}); }} className={INPUT}>
        <option value="">Choose a template…</option>
        {items.map((x) => (
          <option key={`${x.name}|${x.language}`} value={`${x.name}|${x.language}`}>
            {x.name} ({x.language})
          </option>
        ))}
      </select>
      {t && (
        <>
          <div className="grid gap-2 sm:grid-cols-2">
            {t.needs.headerMedia && (
              <input aria-label={`Header ${t.needs.headerMedia} URL`} placeholder={`Header ${t.needs.headerMedia} URL (https://…)`} value={mediaUrl} onChange={(e) => setMediaUrl(e.target.value)} className={INPUT} />
            )}
            {fields.map((f) => (
              <input key={f} aria-label={`Variable {{${f}}}`} placeholder={`{{${f}}}`} value={values[f] ?? ''} onChange={(e) => setValues((v) => ({ ...v, [f]: e.target.value }))} className={INPUT} />
            ))}
          </div>
          <p data-testid="template-preview" className="whitespace-pre-wrap rounded-md bg-emerald-50 px-3 py-2 text-sm text-neutral-800">
            {preview(t, positional, named)}
          </p>
          <Button variant="primary" onClick={submit} disabled={!complete || send.isPending}>
            {send.isPending ? 'Sending…' : 'Send template'}
          </Button>
        </>
      )}
      <ErrorNote error={templates.error ?? send.error} />
    </div>
  );
}
