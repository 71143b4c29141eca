import { Field, INPUT } from '../../components/Field.tsx';
import { whatsappUrl, type SectionProps } from './widgetForm.ts';

// The widget's name and what it is: a chat panel, or a button that opens WhatsApp with a
// prefilled text (then the number is required: the server refuses WhatsApp mode without it).

/** aria attributes tying an input to the server's message for its field (Field renders it as `<id>-error`). */
export const invalid = (id: string, error: string | undefined) => (error ? { 'aria-invalid': true, 'aria-describedby': `${id}-error` } : {});

export function BasicsFields({ values: v, set, errors }: SectionProps) {
  const whatsapp = v.mode === 'whatsapp';
  const link = whatsapp ? whatsappUrl(v.whatsappNumber, v.whatsappText) : null;
  return (
    <fieldset className="space-y-4">
      <legend className="text-sm font-semibold text-neutral-900">Widget</legend>
      <Field label="Name" htmlFor="wc-name" hint="Shown in the widget's header and in the inbox as the account." error={errors.name}>
        <input id="wc-name" required maxLength={100} value={v.name} onChange={(e) => set('name', e.target.value)} className={INPUT} {...invalid('wc-name', errors.name)} />
      </Field>
      <div role="radiogroup" aria-label="Mode" className="grid gap-2 sm:grid-cols-2">
        {(
          [
            ['chat', 'Chat', 'A chat panel on your site: visitors write, your rules, AI agents and team answer in the inbox.'],
            ['whatsapp', 'WhatsApp button', 'A button that opens WhatsApp with your number and a prefilled text; clicks are counted.'],
          ] as const
        ).map(([mode, label, about]) => (
          <label key={mode} className={`flex cursor-pointer items-start gap-2 rounded-md border p-3 text-sm ${v.mode === mode ? 'border-emerald-600 bg-emerald-50/50' : 'border-neutral-200 hover:bg-neutral-50'}`}>
            <input type="radio" name="wc-mode" value={mode} checked={v.mode === mode} onChange={() => set('mode', mode)} className="mt-0.5 accent-emerald-600" />
            <span>
              <span className="block font-medium text-neutral-900">{label}</span>
              <span className="block text-xs text-neutral-500">{about}</span>
            </span>
          </label>
        ))}
      </div>
      {errors.mode && <p className="text-xs text-red-700">{errors.mode}</p>}
      {whatsapp && (
        <div className="grid gap-4 sm:grid-cols-2">
          <Field
            label="WhatsApp number"
            htmlFor="wc-wa-number"
            hint="With its country code, e.g. 91 98765 43210 (spaces, + and dashes are dropped)."
            error={errors['whatsapp.number'] ?? errors.whatsapp}
          >
            <input
              id="wc-wa-number"
              required
              inputMode="tel"
              autoComplete="off"
              value={v.whatsappNumber}
              onChange={(e) => set('whatsappNumber', e.target.value)}
              className={INPUT}
              {...invalid('wc-wa-number', errors['whatsapp.number'] ?? errors.whatsapp)}
            />
          </Field>
          <Field label="Prefilled text" htmlFor="wc-wa-text" hint="What the visitor's WhatsApp opens with; they can change it before sending." error={errors['whatsapp.text']}>
            <input id="wc-wa-text" maxLength={500} value={v.whatsappText} onChange={(e) => set('whatsappText', e.target.value)} className={INPUT} {...invalid('wc-wa-text', errors['whatsapp.text'])} />
          </Field>
          {link && (
            <p className="text-xs text-neutral-500 sm:col-span-2">
              Opens{' '}
              <a href={link} target="_blank" rel="noopener noreferrer" className="break-all font-mono text-emerald-700 hover:underline">
                {link}
              </a>
            </p>
          )}
        </div>
      )}
    </fieldset>
  );
}
