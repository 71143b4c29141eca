import type { PreChatMode } from '../../api/webchat.ts';
import { FILTER_INPUT } from '../../components/Field.tsx';
import type { SectionProps } from './widgetForm.ts';

// The form a visitor fills before their first message. An email or phone given here links the
// visitor to a person Parley already knows (the same customer on WhatsApp, say).

const FIELDS = [
  ['name', 'Name'],
  ['email', 'Email'],
  ['phone', 'Phone'],
] as const;

const MODES: Array<[PreChatMode, string]> = [
  ['off', 'Not asked'],
  ['optional', 'Optional'],
  ['required', 'Required'],
];

export function PreChatFields({ values: v, set, errors }: SectionProps) {
  const asked = FIELDS.some(([field]) => v.preChat[field] !== 'off');
  return (
    <fieldset className="space-y-2">
      <legend className="text-sm font-semibold text-neutral-900">Pre-chat form</legend>
      <p className="text-xs text-neutral-500">
        {asked
          ? 'Asked before the first message. A required field must be filled before the visitor can write.'
          : 'Off: visitors write straight away. Ask for an email or phone to recognise a customer you already know.'}
      </p>
      <div className="grid gap-3 sm:grid-cols-3">
        {FIELDS.map(([field, label]) => (
          <div key={field}>
            <label htmlFor={`wc-prechat-${field}`} className="block text-sm font-medium text-neutral-700">
              {label}
            </label>
            <select
              id={`wc-prechat-${field}`}
              aria-label={`Pre-chat ${label.toLowerCase()}`}
              value={v.preChat[field]}
              onChange={(e) => set('preChat', { ...v.preChat, [field]: e.target.value as PreChatMode })}
              className={`${FILTER_INPUT} mt-1`}
            >
              {MODES.map(([mode, text]) => (
                <option key={mode} value={mode}>
                  {text}
                </option>
              ))}
            </select>
            {errors[`preChat.${field}`] && <p className="mt-1 text-xs text-red-700">{errors[`preChat.${field}`]}</p>}
          </div>
        ))}
      </div>
    </fieldset>
  );
}
