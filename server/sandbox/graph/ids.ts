// Identifier formats. A wamid is base64 of a small binary record, as Meta's are (META-PLATFORM
// 2.2, 4.3): 1C 18 <len> <wa_id> 15 02 00 then 11 18 12 <18-char id> 00 for outbound messages or
// 12 18 14 <20-char id> 00 for inbound ones. Ids come from a seeded prefix plus a counter, so
// they are unique within a run and identical across seeded runs.
import { randomAlnum, randomDigits, randomHex, type Rng } from '../rng.ts';

function wamid(waId: string, marker: number, idLen: number, id: string): string {
  const who = Buffer.from(waId, 'utf8');
  const tail = Buffer.from(id, 'ascii');
  const b = Buffer.allocUnsafe(3 + who.length + 6 + idLen + 1);
  b[0] = 0x1c;
  b[1] = 0x18;
  b[2] = who.length;
  who.copy(b, 3);
  let o = 3 + who.length;
  b[o++] = 0x15;
  b[o++] = 0x02;
  b[o++] = 0x00;
  b[o++] = marker;
  b[o++] = 0x18;
  b[o++] = idLen;
  tail.copy(b, o);
  b[o + idLen] = 0x00;
  return `wamid.${b.toString('base64')}`;
}

export class Ids {
  private seq = 0;
  private readonly prefix: string;

  constructor(private rng: Rng) {
    this.prefix = randomHex(rng, 6);
  }

  private next(width: number): string {
    return this.prefix + (++this.seq).toString(16).toUpperCase().padStart(width - 6, '0');
  }

  outboundWamid(waId: string): string {
    return wamid(waId, 0x11, 18, this.next(18));
  }

  inboundWamid(waId: string): string {
    return wamid(waId, 0x12, 20, this.next(20));
  }

  /** Instagram mid: Meta's look ("aWdfZAG1faXRlbToxOklHTWVzc2FnZA..."), unique per call. */
  igMid(accountId: string): string {
    return `aWdfZAG1faXRlbToxOklHTWVzc2FnZAUlEOj${Buffer.from(`${accountId}:${this.next(18)}`).toString('base64url')}`;
  }

  /** Messenger mid: "m_" + opaque base64url. */
  messengerMid(): string {
    return `m_${Buffer.from(this.next(24)).toString('base64url')}${randomAlnum(this.rng, 20)}`;
  }

  mediaId(): string {
    return randomDigits(this.rng, 15);
  }

  /**
   * Template webhooks carry the id as a JSON number, so it must stay a safe integer (as Meta's do):
   * 16 random digits reach past 2^53 one time in nine and come back altered after JSON.parse.
   */
  templateId(): string {
    return randomDigits(this.rng, 15);
  }

  fbtrace(): string {
    return randomAlnum(this.rng, 27);
  }

  conversationId(): string {
    return randomHex(this.rng, 32, true);
  }

  sha256(): string {
    let s = '';
    for (let i = 0; i < 32; i++) s += String.fromCharCode(Math.floor(this.rng() * 256));
    return Buffer.from(s, 'latin1').toString('base64');
  }

  reset(): void {
    this.seq = 0;
  }
}
