import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { decodeWindows1252, incompleteUtf8Tail, refuseNonText, sniffDelimiter, sniffEncoding, toUtf8, type CsvEncoding, type EncodingGuess } from './csv-sniff.ts';

const utf16 = (text: string, be = false) => {
  const le = Buffer.from(text, 'utf16le');
  return be ? Buffer.from(le.map((_, i) => le[i ^ 1]!)) : le;
};
const cp1252 = (text: string) => Buffer.from([...text].map((c) => ({ '€': 0x80, '“': 0x93, '”': 0x94 })[c] ?? c.charCodeAt(0)));

describe('CSV encoding sniffing', () => {
  const cases: Array<[string, Buffer, Partial<EncodingGuess>]> = [
    ['UTF-8 with BOM (Excel "CSV UTF-8")', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('Phone\r\n')]), { encoding: 'utf-8', bomLength: 3, settled: true }],
    ['UTF-16 LE with BOM (Excel "Unicode text")', Buffer.concat([Buffer.from([0xff, 0xfe]), utf16('Phone\tName')]), { encoding: 'utf-16le', bomLength: 2 }],
    ['UTF-16 BE with BOM', Buffer.concat([Buffer.from([0xfe, 0xff]), utf16('Phone', true)]), { encoding: 'utf-16be', bomLength: 2 }],
    ['UTF-16 LE without BOM', utf16('Phone,Name\r\n9198'), { encoding: 'utf-16le', bomLength: 0 }],
    ['UTF-16 BE without BOM', utf16('Phone,Name\r\n9198', true), { encoding: 'utf-16be', bomLength: 0 }],
    ['UTF-8 without BOM (Google Sheets)', Buffer.from('Phone,Name\nRenée'), { encoding: 'utf-8', bomLength: 0, settled: true }],
    ['Windows-1252 (Excel "CSV" in Europe)', cp1252('Phone;Name\n49;Jürgen €'), { encoding: 'windows-1252', settled: true }],
    ['ASCII so far: UTF-8 until proven otherwise', Buffer.from('Phone,Name\n91,Ada'), { encoding: 'utf-8', settled: false }],
    ['UTF-8 cut inside a character at the end of the head', Buffer.from('Phone\nRené').subarray(0, -1), { encoding: 'utf-8', settled: false }],
  ];
  for (const [name, bytes, want] of cases) {
    it(name, () => assert.deepEqual({ ...sniffEncoding(bytes), ...want }, sniffEncoding(bytes)));
  }

  it('finds a UTF-8 sequence cut by the end of a chunk', () => {
    const e = Buffer.from('é'); // 2 bytes
    const euro = Buffer.from('€'); // 3 bytes
    const smile = Buffer.from('😀'); // 4 bytes
    assert.equal(incompleteUtf8Tail(Buffer.from('abc')), 0);
    assert.equal(incompleteUtf8Tail(e), 0);
    assert.equal(incompleteUtf8Tail(e.subarray(0, 1)), 1);
    assert.equal(incompleteUtf8Tail(euro.subarray(0, 2)), 2);
    assert.equal(incompleteUtf8Tail(smile.subarray(0, 3)), 3);
    assert.equal(incompleteUtf8Tail(smile), 0);
  });

  it('decodes Windows-1252, including 0x80-0x9F where it differs from Latin-1', () => {
    assert.equal(decodeWindows1252(Buffer.from([0x80, 0x93, 0x94, 0x96, 0x9f, 0xe9, 0xfc, 0x41])), '€“”–Ÿéü' + 'A');
  });

  it('refuses workbooks and binary files with what to do instead', () => {
    const refuse = (bytes: Buffer) => assert.throws(() => refuseNonText(bytes, sniffEncoding(bytes)), (e: any) => e.status === 415 && /CSV/.test(e.message));
    refuse(Buffer.from([0x50, 0x4b, 0x03, 0x04, 1, 2]));
    refuse(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1]));
    refuse(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48]));
    refuse(Buffer.from('%PDF-1.7\n'));
    refuse(Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)));
    refuseNonText(utf16('Phone'), sniffEncoding(utf16('Phone'))); // NULs of UTF-16 are text
    const strayNul = Buffer.from('Phone\n919876543210,A\u0000da\n'.repeat(3));
    refuseNonText(strayNul, sniffEncoding(strayNul)); // a stray NUL in text is cleaned later, not refused
  });
});

describe('CSV delimiter sniffing', () => {
  const cases: Array<[string, string, string]> = [
    ['comma', 'Phone,Name,Order\n919876543210,Ada,A1\n', ','],
    ['semicolon with commas inside values (Excel, European locale)', 'Phone;Name;Note\n919876543210;Ada;Order 4, Pune\n919876543211;Bo;Order 5, Goa\n', ';'],
    ['tab (Excel "Unicode text")', 'Phone\tName\n919876543210\tAda, Lovelace\n', '\t'],
    ['quoted commas do not count (Google Sheets)', 'Phone;Name\n919876543210;"Ada, Lovelace, Countess"\n', ';'],
    ['one column: the default comma', 'Phone\n919876543210\n919876543211\n', ','],
    ['a quoted newline does not split a line', 'Phone,Note\n919876543210,"line one;\nline two;"\n', ','],
    ['a single line without newline', '919876543210;Ada;A1', ';'],
  ];
  for (const [name, text, want] of cases) it(name, () => assert.equal(sniffDelimiter(text), want));
});

describe('streaming to UTF-8', () => {
  const run = async (chunks: Buffer[]) => {
    let settled: CsvEncoding | null = null;
    const head = Buffer.concat(chunks).subarray(0, chunks[0]!.length);
    const out = await buffer(Readable.from(chunks).pipe(toUtf8(sniffEncoding(head), (e) => (settled = e))));
    return { text: out.toString('utf8'), settled };
  };

  it('passes UTF-8 through and removes the BOM', async () => {
    assert.deepEqual(await run([Buffer.from('\uFEFFPhone,Name\nRené')]), { text: 'Phone,Name\nRené', settled: 'utf-8' });
  });

  it('decodes UTF-16 LE and BE across chunk boundaries (odd cuts included)', async () => {
    for (const be of [false, true]) {
      const bytes = Buffer.concat([Buffer.from(be ? [0xfe, 0xff] : [0xff, 0xfe]), utf16('Phone\tName\n٩١\tRené 😀', be)]);
      const chunks = [bytes.subarray(0, 5), bytes.subarray(5, 12), bytes.subarray(12, 31), bytes.subarray(31)];
      assert.deepEqual(await run(chunks), { text: 'Phone\tName\n٩١\tRené 😀', settled: be ? 'utf-16be' : 'utf-16le' });
    }
  });

  it('settles an ASCII start by the first non-ASCII bytes further on: Windows-1252', async () => {
    const chunks = [Buffer.from('Phone;Name\n49;Ada\n'), cp1252('49;Jürgen €\n')];
    assert.deepEqual(await run(chunks), { text: 'Phone;Name\n49;Ada\n49;Jürgen €\n', settled: 'windows-1252' });
  });

  it('settles an ASCII start by the first non-ASCII bytes further on: UTF-8, even cut between chunks', async () => {
    const all = Buffer.from('Phone\nAda\nRené 😀\n');
    const cut = all.indexOf(0xf0) + 2; // inside the emoji
    const chunks = [all.subarray(0, 10), all.subarray(10, all.indexOf(0xc3) + 1), all.subarray(all.indexOf(0xc3) + 1, cut), all.subarray(cut)];
    assert.deepEqual(await run(chunks), { text: 'Phone\nAda\nRené 😀\n', settled: 'utf-8' });
  });

  it('an ASCII file is UTF-8; one ending in a lone lead byte is Windows-1252', async () => {
    assert.deepEqual(await run([Buffer.from('Phone\n91\n')]), { text: 'Phone\n91\n', settled: 'utf-8' });
    assert.deepEqual(await run([Buffer.from('Phone\n'), Buffer.from([0x41, 0xe9])]), { text: 'Phone\nAé', settled: 'windows-1252' });
  });
});
