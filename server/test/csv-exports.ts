// CSV files byte for byte as the usual tools export them, for the import tests: the BOMs, line
// ends, delimiters, quoting and encodings those tools write, and the characters their users paste.

const CP1252: Record<string, number> = { '€': 0x80, '‚': 0x82, '„': 0x84, '…': 0x85, '‘': 0x91, '’': 0x92, '“': 0x93, '”': 0x94, '–': 0x96, '—': 0x97, '™': 0x99 };

/** Windows-1252 bytes of a text (Latin-1 plus the 0x80-0x9F punctuation and €). */
export function windows1252(text: string): Buffer {
  return Buffer.from([...text].map((c) => {
    const code = CP1252[c] ?? c.charCodeAt(0);
    if (code > 0xff) throw new Error(`"${c}" has no Windows-1252 byte`);
    return code;
  }));
}

const BOM_UTF8 = Buffer.from([0xef, 0xbb, 0xbf]);
const BOM_UTF16LE = Buffer.from([0xff, 0xfe]);

/** Excel "CSV UTF-8 (Comma delimited)": BOM, CRLF, quotes only where needed. */
export const excelUtf8 = (lines: string[]) => Buffer.concat([BOM_UTF8, Buffer.from(lines.join('\r\n') + '\r\n')]);

/** Excel "CSV (Comma delimited)" in a European locale: semicolons, the Windows code page, CRLF. */
export const excelEuropean = (lines: string[]) => windows1252(lines.join('\r\n') + '\r\n');

/** Excel "Unicode Text": UTF-16 LE with BOM, tab separated, CRLF. */
export const excelUnicodeText = (lines: string[]) => Buffer.concat([BOM_UTF16LE, Buffer.from(lines.join('\r\n') + '\r\n', 'utf16le')]);

/** Google Sheets "Comma-separated values": UTF-8 without BOM, CRLF, fields with commas or quotes quoted. */
export const googleSheets = (rows: string[][]) => Buffer.from(rows.map((r) => r.map(quoteIfNeeded).join(',')).join('\r\n'));

/** Google Contacts "Google CSV": the export's own header, several numbers of a contact joined by " ::: ". */
export const GOOGLE_CONTACTS_HEADER = ['Name', 'Given Name', 'Additional Name', 'Family Name', 'Nickname', 'Notes', 'Group Membership', 'E-mail 1 - Type', 'E-mail 1 - Value', 'Phone 1 - Type', 'Phone 1 - Value', 'Phone 2 - Type', 'Phone 2 - Value'];
export const googleContacts = (rows: string[][]) => Buffer.from([GOOGLE_CONTACTS_HEADER, ...rows].map((r) => r.map(quoteIfNeeded).join(',')).join('\n') + '\n');

/** A phone's contacts exported by a vCard-to-CSV app: UTF-8, LF, numbers as the phone shows them. */
export const contactApp = (rows: string[][]) => Buffer.from(rows.map((r) => r.map(quoteIfNeeded).join(',')).join('\n') + '\n');

function quoteIfNeeded(cell: string): string {
  return /[",\r\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell;
}
