import { useRef } from 'react';
import { Button } from '../../components/Button.tsx';
import { FieldError, FILTER_INPUT } from '../../components/Field.tsx';
import type { SectionProps } from './widgetForm.ts';

// The sites allowed to show the widget. The server enforces the list three ways (the frame's CSP,
// the session call, the API's fetch metadata), so an empty list means the widget shows nowhere
// yet; the dashboard's preview works regardless. Each row gets the schema's message on save.

const MAX_ORIGINS = 20;

export function OriginsField({ values: v, set, errors }: SectionProps) {
  const list = useRef<HTMLUListElement>(null);
  const origins = v.allowedOrigins;
  const add = () => {
    set('allowedOrigins', [...origins, '']);
    // Focus the new row once it is rendered.
    requestAnimationFrame(() => list.current?.querySelector<HTMLInputElement>('li:last-child input')?.focus());
  };
  return (
    <fieldset className="space-y-2">
      <legend className="text-sm font-semibold text-neutral-900">Allowed sites</legend>
      <p className="text-xs text-neutral-500">
        The sites that may show this widget, as <span className="font-mono">https://shop.example.com</span> (scheme, host, optional port, no path).{' '}
        <span className="font-mono">https://*.example.com</span> allows its subdomains, not example.com itself.
      </p>
      {origins.length === 0 && (
        <p data-testid="no-origins" className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-800">
          Not embeddable yet: add the sites that may show it.
        </p>
      )}
      <ul ref={list} className="space-y-2" aria-label="Allowed sites">
        {origins.map((origin, i) => {
          const error = errors[`allowedOrigins.${i}`];
          const id = `wc-origin-${i}`;
          return (
            <li key={i}>
              <div className="flex items-center gap-2">
                <input
                  id={id}
                  aria-label={`Allowed site ${i + 1}`}
                  placeholder="https://www.example.com"
                  spellCheck={false}
                  autoCapitalize="off"
                  value={origin}
                  onChange={(e) => set('allowedOrigins', origins.map((o, j) => (j === i ? e.target.value : o)))}
                  onKeyDown={(e) => {
                    if (e.key === 'Enter') {
                      e.preventDefault();
                      if (origins.length < MAX_ORIGINS) add();
                    }
                  }}
                  className={`${FILTER_INPUT} font-mono`}
                  {...(error ? { 'aria-invalid': true, 'aria-describedby': `${id}-error` } : {})}
                />
                <Button variant="ghost" className="px-2" aria-label={`Remove ${origin.trim() || `site ${i + 1}`}`} onClick={() => set('allowedOrigins', origins.filter((_, j) => j !== i))}>
                  ✕
                </Button>
              </div>
              {error && <FieldError id={`${id}-error`}>{error}</FieldError>}
            </li>
          );
        })}
      </ul>
      {errors.allowedOrigins && <FieldError>{errors.allowedOrigins}</FieldError>}
      <Button onClick={add} disabled={origins.length >= MAX_ORIGINS}>
        Add a site
      </Button>
    </fieldset>
  );
}
