import { Field, INPUT } from '../../components/Field.tsx';
import { invalid } from './BasicsFields.tsx';
import { isHexColor, type SectionProps } from './widgetForm.ts';

// How the widget looks on the visitor's page: colour, side, launcher text, greeting and avatar.
// The colour is a picker and its hex code side by side: the code can be pasted from a brand guide.

export function LookFields({ values: v, set, errors }: SectionProps) {
  const colorError = errors.color ?? (v.color.trim() && !isHexColor(v.color) ? 'a colour is #rrggbb' : undefined);
  return (
    <fieldset className="space-y-4">
      <legend className="text-sm font-semibold text-neutral-900">Look</legend>
      <div className="grid gap-4 sm:grid-cols-2">
        <Field label="Colour" htmlFor="wc-color-hex" hint="The launcher, header and your messages." error={colorError}>
          <div className="mt-1 flex items-center gap-2">
            <input
              type="color"
              aria-label="Colour picker"
              // The picker only takes #rrggbb: while the code is half typed it shows black.
              value={isHexColor(v.color) ? v.color.trim().toLowerCase() : '#000000'}
              onChange={(e) => set('color', e.target.value)}
              className="h-9 w-12 shrink-0 cursor-pointer rounded-md border border-neutral-300 bg-white p-0.5"
            />
            <input
              id="wc-color-hex"
              required
              maxLength={7}
              spellCheck={false}
              value={v.color}
              onChange={(e) => set('color', e.target.value)}
              className={`${INPUT} mt-0 font-mono`}
              {...invalid('wc-color-hex', colorError)}
            />
          </div>
        </Field>
        <fieldset>
          <legend className="block text-sm font-medium text-neutral-700">Position</legend>
          <div className="mt-2 flex gap-4 text-sm text-neutral-700">
            {(['left', 'right'] as const).map((side) => (
              <label key={side} className="flex items-center gap-1.5">
                <input type="radio" name="wc-position" value={side} checked={v.position === side} onChange={() => set('position', side)} className="accent-emerald-600" />
                Bottom {side}
              </label>
            ))}
          </div>
          {errors.position && <p className="mt-1 text-xs text-red-700">{errors.position}</p>}
        </fieldset>
        <Field label="Launcher text" htmlFor="wc-launcher" hint="On the button that opens the widget (up to 40 characters)." error={errors.launcherText}>
          <input id="wc-launcher" maxLength={40} value={v.launcherText} onChange={(e) => set('launcherText', e.target.value)} className={INPUT} {...invalid('wc-launcher', errors.launcherText)} />
        </Field>
        <Field label="Avatar URL" htmlFor="wc-avatar" hint="An http(s) image shown in the header; empty for none." error={errors.avatarUrl}>
          <input
            id="wc-avatar"
            type="url"
            maxLength={2000}
            placeholder="https://…/logo.png"
            value={v.avatarUrl}
            onChange={(e) => set('avatarUrl', e.target.value)}
            className={INPUT}
            {...invalid('wc-avatar', errors.avatarUrl)}
          />
        </Field>
      </div>
      <Field label="Greeting" htmlFor="wc-greeting" hint="The first message a visitor sees when they open the chat." error={errors.greeting}>
        <textarea id="wc-greeting" rows={2} maxLength={500} value={v.greeting} onChange={(e) => set('greeting', e.target.value)} className={INPUT} {...invalid('wc-greeting', errors.greeting)} />
      </Field>
    </fieldset>
  );
}
