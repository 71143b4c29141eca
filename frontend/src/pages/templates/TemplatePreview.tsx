import type { TemplateComponent } from '../../api/templates.ts';
import { bodyExamples, fillVariables, headerExamples } from './fillVariables.tsx';

const BUTTON_ICON: Record<string, string> = { URL: '↗', PHONE_NUMBER: '☎', QUICK_REPLY: '↩', COPY_CODE: '⧉' };

/** The message roughly as WhatsApp shows it: a green bubble, then its buttons as rows beneath. */
export function TemplatePreview({ components }: { components: TemplateComponent[] }) {
  const find = (type: string) => components.find((c) => c.type.toUpperCase() === type);
  const header = find('HEADER');
  const body = find('BODY');
  const footer = find('FOOTER');
  const buttons = find('BUTTONS')?.buttons ?? [];
  const mediaFormat = header?.format && header.format !== 'TEXT' ? header.format.toUpperCase() : null;

  return (
    <div data-testid="template-preview" className="rounded-lg bg-[#efeae2] p-3 sm:p-4">
      <div className="max-w-xs">
        <div className="rounded-lg rounded-tl-none bg-[#d9fdd3] p-1.5 text-sm text-neutral-900 shadow-xs">
          {mediaFormat && (
            <div className="flex h-32 items-center justify-center rounded-md bg-neutral-300/70 text-xs font-semibold tracking-wide text-neutral-600">
              {mediaFormat}
            </div>
          )}
          <div className="space-y-1 px-1.5 pt-1 pb-0.5">
            {header && !mediaFormat && header.text && <p className="font-semibold">{fillVariables(header.text, headerExamples(header))}</p>}
            {body?.text ? (
              <p data-testid="preview-body" className="whitespace-pre-wrap break-words">
                {fillVariables(body.text, bodyExamples(body))}
              </p>
            ) : (
              <p className="italic text-neutral-500">No body text</p>
            )}
            {footer?.text && <p className="text-xs text-neutral-500">{footer.text}</p>}
          </div>
        </div>
        {buttons.length > 0 && (
          <ul className="mt-0.5 space-y-0.5">
            {buttons.map((b, i) => (
              <li
                key={i}
                data-testid="preview-button"
                title={b.url ?? b.phone_number ?? undefined}
                className="flex items-center justify-center gap-1.5 rounded-lg bg-white py-2 text-sm font-medium text-sky-600 shadow-xs"
              >
                <span aria-hidden="true">{BUTTON_ICON[b.type] ?? '•'}</span>
                {b.text}
              </li>
            ))}
          </ul>
        )}
      </div>
    </div>
  );
}
