import { Fragment, type ReactNode } from 'react';
import type { TemplateComponent } from '../../api/templates.ts';

/** Example values: by position ({{1}} = values[0]) or by name ({{order_id}}). */
export type Examples = string[] | Record<string, string>;

const VARIABLE = /(\{\{\s*[^{}]+?\s*\}\})/;

/** Text with each {{n}} replaced by its example, or shown as a highlighted chip when none is given. */
export function fillVariables(text: string, examples: Examples): ReactNode[] {
  return text.split(VARIABLE).map((part, i) => {
    const name = /^\{\{\s*([^{}]+?)\s*\}\}$/.exec(part)?.[1];
    if (name === undefined) return <Fragment key={i}>{part}</Fragment>;
    const value = Array.isArray(examples) ? (/^\d+$/.test(name) ? examples[Number(name) - 1] : undefined) : examples[name];
    if (value) {
      return (
        <span key={i} title={`{{${name}}}`}>
          {value}
        </span>
      );
    }
    return (
      <span key={i} data-testid="variable-chip" className="rounded bg-amber-100 px-1 font-mono text-xs text-amber-800">
        {`{{${name}}}`}
      </span>
    );
  });
}

const named = (params: Array<{ param_name: string; example: string }> | undefined): Record<string, string> =>
  Object.fromEntries((params ?? []).map((p) => [p.param_name, p.example]));

export function bodyExamples(body: TemplateComponent): Examples {
  const ex = body.example;
  if (ex?.body_text_named_params?.length) return named(ex.body_text_named_params);
  return ex?.body_text?.[0] ?? [];
}

export function headerExamples(header: TemplateComponent): Examples {
  const ex = header.example;
  if (ex?.header_text_named_params?.length) return named(ex.header_text_named_params);
  return ex?.header_text ?? [];
}
