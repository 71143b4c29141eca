// A sent template as the customer reads it, for the inbox thread and the agent's context: the
// header (its text, or what kind of media it carries), the body with the row's variables in place
// of {{1}}, {{2}}..., the footer, and the button labels. Pure. It mirrors what payload.ts sends:
// the row's variables fill the body in order; header text is sent without parameters.

type Component = { type?: string; format?: string; text?: string; buttons?: unknown[] };

const MEDIA_LABEL: Record<string, string> = { IMAGE: '[Image]', VIDEO: '[Video]', DOCUMENT: '[Document]', LOCATION: '[Location]' };

const PLACEHOLDER = /\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g;

/**
 * `{{n}}` takes variable n; a named placeholder (`{{customer_name}}`) takes the row's value of that
 * name (a CSV column named after it), else, as payload.ts sends it, the variables in order of
 * first appearance. One without a value stays as written, so a gap shows rather than a blank.
 */
export function fillPlaceholders(text: string, variables: readonly string[], byName?: Readonly<Record<string, string>> | null): string {
  const named = new Map<string, number>();
  let nextNamed = 0;
  return text.replace(PLACEHOLDER, (whole, key: string) => {
    if (byName && Object.hasOwn(byName, key)) return byName[key]!;
    let index: number;
    if (/^\d+$/.test(key)) index = Number(key) - 1;
    else {
      if (!named.has(key)) named.set(key, nextNamed++);
      index = named.get(key)!;
    }
    return variables[index] ?? whole;
  });
}

function buttonLabels(buttons: unknown[] | undefined): string[] {
  return (buttons ?? []).flatMap((b) => {
    const text = (b as { text?: unknown })?.text;
    return typeof text === 'string' && text.trim() ? [`[${text.trim()}]`] : [];
  });
}

export function renderTemplateText(components: readonly Component[], variables: readonly string[], byName?: Readonly<Record<string, string>> | null): string {
  const part = (type: string) => components.find((c) => c.type?.toUpperCase() === type);
  const header = part('HEADER');
  const format = header?.format?.toUpperCase();
  const body = part('BODY')?.text;
  const sections = [
    format && format !== 'TEXT' ? (MEDIA_LABEL[format] ?? `[${format.toLowerCase()}]`) : header?.text,
    body && fillPlaceholders(body, variables, byName),
    part('FOOTER')?.text,
    buttonLabels(part('BUTTONS')?.buttons).join(' '),
  ];
  return sections.filter((s): s is string => !!s && !!s.trim()).join('\n\n');
}
