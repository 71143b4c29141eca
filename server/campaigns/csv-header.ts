import { cleanStructural } from './csv-text.ts';

// Which column holds what. A header row that names its columns is honoured whatever their order
// (Google Contacts' "Phone 1 - Value", Outlook's "Mobile Phone", "{{1}}", "var1", "customer_name");
// a file without one follows the documented order Phone,{{Media}},{{1}},{{2}},... Pure.

export interface ColumnMap {
  /** Whether the first row was a header (and so is not a contact). */
  header: boolean;
  /** The column of the phone; -1 when a header names none. */
  phone: number;
  media: number | null;
  /** positional[i] is the column of {{i+1}} (-1 when the header skips that number). */
  positional: number[];
  /** The documented order: {{1}}, {{2}}... are the columns from the third on (no header, or one that labels only the phone). */
  ordered: boolean;
  /** Columns by parameter name ("Customer Name" and "{{customer_name}}" are both customer_name), for NAMED templates. */
  named: Map<string, number>;
  /** The header's own labels, for messages ("column C (Order)"). */
  labels: string[];
}

/** Labels compared without case, accents, spaces, underscores, hyphens, dots or braces ("Téléphone" is telephone). */
const key = (label: string) =>
  cleanStructural(label).normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/[\s_\-.{}]+/g, '');

const PHONE_KEYS = [
  'phone', 'phonenumber', 'phoneno', 'mobile', 'mobilenumber', 'mobileno', 'mobilephone', 'whatsapp', 'whatsappnumber', 'whatsappno',
  'contact', 'contactnumber', 'number', 'msisdn', 'phone1value', 'cell', 'cellphone', 'cellnumber', 'tel', 'telephone',
  'telefon', 'telefono', 'handy', 'celular', 'movil',
];
const MEDIA_KEYS = new Set(['media', 'mediaurl', 'image', 'imageurl', 'headerimage', 'video', 'videourl', 'document', 'documenturl', 'url', 'link', 'headermedia']);
const POSITIONAL = /^(?:var|variable|param|parameter|value|body)?(\d{1,2})$/;

/** The name a NAMED template parameter would have: lower case, words joined by '_'. */
export function parameterName(label: string): string {
  return cleanStructural(label).replace(/^\{\{\s*|\s*\}\}$/g, '').trim().toLowerCase().replace(/[\s\-.]+/g, '_');
}

export const POSITIONAL_MAP: ColumnMap = { header: false, phone: 0, media: 1, positional: [], ordered: true, named: new Map(), labels: [] };

/**
 * The columns named by a first row, or null when it is a contact. A first row is a header when
 * it names a phone column, or when its first cell holds no digit at all (a label of any kind).
 */
export function mapHeader(cells: readonly string[]): ColumnMap | null {
  const keys = cells.map(key);
  const labels = cells.map((c) => cleanStructural(c));
  const phone = PHONE_KEYS.map((k) => keys.indexOf(k)).find((i) => i >= 0) ?? -1;
  const first = cleanStructural(cells[0] ?? '');
  if (phone < 0 && (first === '' || /\p{Nd}/u.test(first))) return null;
  const positional: number[] = [];
  const named = new Map<string, number>();
  let media: number | null = null;
  keys.forEach((k, column) => {
    if (column === phone || !k) return;
    const n = POSITIONAL.exec(k);
    if (n) {
      const index = Number(n[1]) - 1;
      if (index < 0 || positional[index] >= 0) return;
      while (positional.length < index) positional.push(-1);
      positional[index] = column;
    } else if (media === null && MEDIA_KEYS.has(k)) media = column;
    else {
      const name = parameterName(cells[column]!);
      if (!named.has(name)) named.set(name, column);
    }
  });
  // "Phone" over otherwise unlabelled columns: a header row for the documented order.
  if (phone === 0 && keys.slice(1).every((k) => !k)) return { ...POSITIONAL_MAP, header: true, labels };
  return { header: true, phone, media, positional, ordered: false, named, labels };
}

/** The spreadsheet letters of a 0-based column: A..Z, AA.. */
export function columnLetters(column: number): string {
  let letters = '';
  for (let n = column + 1; n > 0; n = Math.floor((n - 1) / 26)) letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  return letters;
}

/** "column C (Order)": the spreadsheet letter people see, and the header label when there is one. */
export function columnName(map: ColumnMap, column: number): string {
  const label = map.labels[column];
  return label ? `column ${columnLetters(column)} (${label})` : `column ${columnLetters(column)}`;
}
