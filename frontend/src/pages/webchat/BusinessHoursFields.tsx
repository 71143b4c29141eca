import { useMemo } from 'react';
import { Button } from '../../components/Button.tsx';
import { Field, FILTER_INPUT, INPUT } from '../../components/Field.tsx';
import { useTimeZone } from '../../lib/useTimeZone.ts';
import { invalid } from './BasicsFields.tsx';
import { addSpan, closeDay, MAX_SPANS, OFFICE_WEEK, removeSpan, spansOf, WEEK, type SectionProps } from './widgetForm.ts';

// When the team answers: outside these hours the widget shows the offline message above its
// composer (messages are still taken, the team answers later). Hours are spans per weekday in one
// time zone, the app's unless another is chosen; a day with no span is closed.

const TIME = `${FILTER_INPUT.replace('w-full', '')} w-32`;

/** Every IANA zone the browser knows, with the app's and the stored one even if it does not list them. */
function useTimeZones(...keep: string[]): string[] {
  const extra = keep.join(' ');
  return useMemo(() => {
    const zones = new Set(Intl.supportedValuesOf('timeZone'));
    for (const zone of extra.split(' ')) if (zone) zones.add(zone);
    return [...zones].sort();
  }, [extra]);
}

export function BusinessHoursFields({ values: v, set, errors }: SectionProps) {
  const appTimeZone = useTimeZone();
  const zones = useTimeZones(appTimeZone, v.timeZone);
  const spanError = (index: number) => errors[`businessHours.days.${index}.open`] ?? errors[`businessHours.days.${index}.close`] ?? errors[`businessHours.days.${index}`];
  return (
    <fieldset className="space-y-3">
      <legend className="text-sm font-semibold text-neutral-900">Business hours</legend>
      <label className="flex items-start gap-2 text-sm text-neutral-700">
        <input type="checkbox" checked={v.hoursEnabled} onChange={(e) => set('hoursEnabled', e.target.checked)} className="mt-0.5 size-4 accent-emerald-600" />
        <span>
          Show when the team is away
          <span className="block text-xs text-neutral-500">Off: the widget always shows you as available.</span>
        </span>
      </label>
      {v.hoursEnabled && (
        <>
          <Field label="Time zone" htmlFor="wc-timezone" error={errors['businessHours.timeZone']}>
            <select id="wc-timezone" value={v.timeZone} onChange={(e) => set('timeZone', e.target.value)} className={INPUT} {...invalid('wc-timezone', errors['businessHours.timeZone'])}>
              {zones.map((zone) => (
                <option key={zone} value={zone}>
                  {zone === appTimeZone ? `${zone} (the app's time zone)` : zone}
                </option>
              ))}
            </select>
          </Field>
          <div className="flex items-center justify-between gap-2">
            <p className="text-xs text-neutral-500">Open hours per day; a closing time of 00:00 is midnight. A day with no hours is closed.</p>
            <Button className="shrink-0 text-xs" onClick={() => set('days', OFFICE_WEEK.map((d) => ({ ...d })))}>
              Mon–Fri 9–17
            </Button>
          </div>
          <ul className="divide-y divide-neutral-100 rounded-md border border-neutral-200" aria-label="Opening hours">
            {WEEK.map(({ day, name }) => {
              const spans = spansOf(v.days, day);
              const open = spans.length > 0;
              return (
                <li key={day} data-testid="hours-day" data-day={day} className="flex flex-wrap items-start gap-x-3 gap-y-2 px-3 py-2 text-sm">
                  <label className="flex w-32 items-center gap-2 pt-1.5 text-neutral-700">
                    <input
                      type="checkbox"
                      checked={open}
                      disabled={!open && v.days.length >= MAX_SPANS}
                      onChange={(e) => set('days', e.target.checked ? addSpan(v.days, day) : closeDay(v.days, day))}
                      className="size-4 accent-emerald-600"
                    />
                    {name}
                  </label>
                  {!open && <span className="pt-1.5 text-neutral-400">Closed</span>}
                  <div className="space-y-1.5">
                    {spans.map(({ span, index }) => (
                      <div key={index}>
                        <div className="flex items-center gap-1.5">
                          <input
                            type="time"
                            required
                            aria-label={`${name} opens`}
                            value={span.open}
                            onChange={(e) => set('days', v.days.map((d, i) => (i === index ? { ...d, open: e.target.value } : d)))}
                            className={TIME}
                          />
                          <span className="text-neutral-400">–</span>
                          <input
                            type="time"
                            required
                            aria-label={`${name} closes`}
                            value={span.close}
                            onChange={(e) => set('days', v.days.map((d, i) => (i === index ? { ...d, close: e.target.value } : d)))}
                            className={TIME}
                          />
                          <Button variant="ghost" className="px-2" aria-label={`Remove these ${name} hours`} onClick={() => set('days', removeSpan(v.days, index))}>
                            ✕
                          </Button>
                        </div>
                        {spanError(index) && <p className="mt-0.5 text-xs text-red-700">{spanError(index)}</p>}
                      </div>
                    ))}
                    {open && (
                      <button type="button" disabled={v.days.length >= MAX_SPANS} onClick={() => set('days', addSpan(v.days, day))} className="text-xs font-medium text-emerald-700 hover:underline disabled:opacity-50">
                        Add hours on {name}
                      </button>
                    )}
                  </div>
                </li>
              );
            })}
          </ul>
          {errors['businessHours.days'] && <p className="text-xs text-red-700">{errors['businessHours.days']}</p>}
          <Field label="Offline message" htmlFor="wc-offline" hint="Shown above the message box outside business hours." error={errors.offlineMessage}>
            <textarea id="wc-offline" rows={2} maxLength={500} value={v.offlineMessage} onChange={(e) => set('offlineMessage', e.target.value)} className={INPUT} {...invalid('wc-offline', errors.offlineMessage)} />
          </Field>
        </>
      )}
    </fieldset>
  );
}
