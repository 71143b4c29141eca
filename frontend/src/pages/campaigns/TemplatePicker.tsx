import { useTemplates, type Template } from '../../api/templates.ts';
import { Button } from '../../components/Button.tsx';
import { ErrorNote, Loading } from '../../components/Notes.tsx';

const MEDIA = new Set(['IMAGE', 'VIDEO', 'DOCUMENT']);

/**
 * What each CSV row must carry for this template: a {{Media}} URL, how many {{n}} variables, and
 * for a NAMED template the parameter names (each a column of that name).
 */
export function templateNeeds(t: Template): { media: string | null; variables: number; names: string[] } {
  const header = t.components?.find((c) => c.type === 'HEADER');
  const body = t.components?.find((c) => c.type === 'BODY');
  const named = t.parameterFormat?.toUpperCase() === 'NAMED';
  let variables = 0;
  if (!named) for (const m of (body?.text ?? '').matchAll(/\{\{\s*(\d+)\s*\}\}/g)) variables = Math.max(variables, Number(m[1]));
  const names = named ? [...new Set([...(body?.text ?? '').matchAll(/\{\{\s*([a-z_][a-z0-9_]*)\s*\}\}/g)].map((m) => m[1]!))] : [];
  return { media: header?.format && MEDIA.has(header.format) ? header.format.toLowerCase() : null, variables, names };
}

const needsText = (t: Template) => {
  const { media, variables, names } = templateNeeds(t);
  const parts = [media && `${media} URL`, variables && `${variables} variable${variables === 1 ? '' : 's'}`, names.length && `columns ${names.join(', ')}`].filter(Boolean);
  return parts.length ? `needs ${parts.join(' + ')}` : 'no variables';
};

/**
 * Sendable templates of one number, picked in order: the valid contacts are split into equal
 * consecutive chunks, the first chunk to the first template picked (the remainder to the last).
 */
export function TemplatePicker({ numberId, value, onChange }: { numberId: string; value: Template[]; onChange: (picked: Template[]) => void }) {
  const templates = useTemplates({ numberId, state: 'sendable', search: '' });
  const available = (templates.data ?? []).filter((t) => !value.some((p) => p.id === t.id));
  const move = (from: number, to: number) => {
    const next = [...value];
    const [t] = next.splice(from, 1);
    next.splice(to, 0, t!);
    onChange(next);
  };
  return (
    <div className="mt-1 space-y-2">
      {value.length > 0 && (
        <ol aria-label="Picked templates" className="divide-y divide-neutral-100 rounded-md border border-neutral-200">
          {value.map((t, i) => (
            <li key={t.id} data-testid="picked-template" className="flex items-center gap-2 px-3 py-2 text-sm">
              <span className="w-5 shrink-0 text-xs text-neutral-400">{i + 1}.</span>
              <span className="min-w-0 flex-1">
                <span className="font-mono font-medium">{t.name}</span> <span className="text-xs text-neutral-400">{t.language}</span>
                <span className="block text-xs text-neutral-500">{needsText(t)}</span>
              </span>
              <Button variant="ghost" aria-label={`Move ${t.name} up`} disabled={i === 0} onClick={() => move(i, i - 1)}>
                ↑
              </Button>
              <Button variant="ghost" aria-label={`Move ${t.name} down`} disabled={i === value.length - 1} onClick={() => move(i, i + 1)}>
                ↓
              </Button>
              <Button variant="ghost" aria-label={`Remove ${t.name}`} onClick={() => onChange(value.filter((p) => p.id !== t.id))}>
                ✕
              </Button>
            </li>
          ))}
        </ol>
      )}
      <ErrorNote error={templates.error} />
      {templates.isPending && <Loading what="Loading templates…" />}
      {templates.isSuccess && templates.data.length === 0 && (
        <p className="text-sm text-amber-700">This number has no sendable template: sync templates on the Templates page (only approved UTILITY templates that are not quarantined can be sent).</p>
      )}
      {available.length > 0 && (
        <ul aria-label="Sendable templates" className="flex flex-wrap gap-2">
          {available.map((t) => (
            <li key={t.id}>
              <Button onClick={() => onChange([...value, t])} title={needsText(t)}>
                + {t.name} <span className="text-xs text-neutral-400">{t.language}</span>
              </Button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
