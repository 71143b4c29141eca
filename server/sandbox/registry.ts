// The business objects the simulator knows: WhatsApp phone numbers (each in a WABA) and
// Instagram/Messenger accounts (Pages / IG professional accounts), with the access tokens valid
// for them. With autoRegister, any unseen id becomes a valid object on first use and any
// non-empty token is accepted, so a benchmark needs no setup.
import { createHash } from 'node:crypto';

export interface WaNumber {
  id: string;
  wabaId: string;
  /** Human-formatted, as GET /{phone-number-id} returns it ("+1 555-765-4321"). */
  displayPhoneNumber: string;
  verifiedName: string;
  qualityRating: string;
  status: string;
  platformType: string;
  throughputLevel: string;
  messagingLimit: string;
  nameStatus: string;
  codeVerificationStatus: string;
  /** null: any non-empty token. */
  tokens: Set<string> | null;
  autoRegistered: boolean;
}

export type MessagingPlatform = 'instagram' | 'messenger';

export interface MessagingAccount {
  id: string;
  platform: MessagingPlatform;
  name: string;
  /** Instagram handle (GET /{ig-user-id}?fields=username); Pages have one only when given. */
  username: string | null;
  tokens: Set<string> | null;
  autoRegistered: boolean;
}

export type NumberInput = {
  phone_number_id: string;
  waba_id?: string;
  display_phone_number?: string;
  verified_name?: string;
  quality_rating?: string;
  status?: string;
  platform_type?: string;
  throughput_level?: string;
  messaging_limit?: string;
  name_status?: string;
  code_verification_status?: string;
  access_tokens?: string[];
};

export type AccountInput = { id: string; platform: MessagingPlatform; name?: string; username?: string; access_tokens?: string[] };

/** Digits of the display number, as webhook metadata carries it. */
export function displayDigits(n: WaNumber): string {
  return n.displayPhoneNumber.replace(/\D/g, '');
}

function autoWabaId(id: string): string {
  return /^\d+$/.test(id) ? `1${id}` : `${id}_waba`;
}

function autoDisplay(id: string): string {
  const d = (id.replace(/\D/g, '') || '0').slice(-7).padStart(7, '0');
  return `+1 555-${d.slice(0, 3)}-${d.slice(3)}`;
}

/** An Instagram handle from a display name: lowercase, no spaces, only the characters Instagram
 * allows (letters, digits, '.', '_'), so "Lucky Parcel Ltd" is "luckyparcelltd". */
export function usernameFromName(name: string, id: string): string {
  const u = name.toLowerCase().replace(/[^a-z0-9._]/g, '').slice(0, 30);
  return u || `sandbox_${id}`.slice(0, 30);
}

/** Deterministic numeric id for the account behind an unseen token (/me/messages). */
function idForToken(token: string): string {
  const h = createHash('sha256').update(token).digest();
  return `178414${(h.readUInt32BE(0) % 1e9).toString().padStart(9, '0')}${(h[4] % 100).toString().padStart(2, '0')}`;
}

export class Registry {
  readonly numbers = new Map<string, WaNumber>();
  readonly accounts = new Map<string, MessagingAccount>();
  private wabas = new Map<string, Set<string>>();

  constructor(public autoRegister: boolean) {}

  addNumber(input: NumberInput, autoRegistered = false): WaNumber {
    const id = input.phone_number_id;
    const prev = this.numbers.get(id);
    if (prev) this.wabas.get(prev.wabaId)?.delete(id);
    const n: WaNumber = {
      id,
      wabaId: input.waba_id ?? autoWabaId(id),
      displayPhoneNumber: input.display_phone_number ?? autoDisplay(id),
      verifiedName: input.verified_name ?? `Sandbox ${id}`,
      qualityRating: input.quality_rating ?? 'GREEN',
      status: input.status ?? 'CONNECTED',
      platformType: input.platform_type ?? 'CLOUD_API',
      throughputLevel: input.throughput_level ?? 'STANDARD',
      messagingLimit: input.messaging_limit ?? 'TIER_2K',
      nameStatus: input.name_status ?? 'APPROVED',
      codeVerificationStatus: input.code_verification_status ?? 'VERIFIED',
      tokens: input.access_tokens?.length ? new Set(input.access_tokens) : null,
      autoRegistered,
    };
    this.numbers.set(id, n);
    let set = this.wabas.get(n.wabaId);
    if (!set) this.wabas.set(n.wabaId, (set = new Set()));
    set.add(id);
    return n;
  }

  removeNumber(id: string): boolean {
    const n = this.numbers.get(id);
    if (!n) return false;
    this.numbers.delete(id);
    this.wabas.get(n.wabaId)?.delete(id);
    return true;
  }

  /** The number, auto-registering it when allowed. */
  number(id: string): WaNumber | null {
    const n = this.numbers.get(id);
    if (n) return n;
    return this.autoRegister ? this.addNumber({ phone_number_id: id }, true) : null;
  }

  /** Whether a WABA exists: it holds a registered number, or autoRegister is on. */
  hasWaba(wabaId: string): boolean {
    return (this.wabas.get(wabaId)?.size ?? 0) > 0 || this.autoRegister;
  }

  numbersOf(wabaId: string): WaNumber[] {
    return [...(this.wabas.get(wabaId) ?? [])].map((id) => this.numbers.get(id)!);
  }

  /** A token works for a WABA if it works for any of its numbers. */
  tokenOkForWaba(wabaId: string, token: string): boolean {
    const nums = this.numbersOf(wabaId);
    if (nums.length === 0) return this.autoRegister && token.length > 0;
    return nums.some((n) => tokenOk(n.tokens, token));
  }

  addAccount(input: AccountInput, autoRegistered = false): MessagingAccount {
    const name = input.name ?? `Sandbox ${input.platform === 'instagram' ? 'IG' : 'Page'} ${input.id}`;
    const a: MessagingAccount = {
      id: input.id,
      platform: input.platform,
      name,
      username: input.username ?? (input.platform === 'instagram' ? usernameFromName(name, input.id) : null),
      tokens: input.access_tokens?.length ? new Set(input.access_tokens) : null,
      autoRegistered,
    };
    this.accounts.set(a.id, a);
    return a;
  }

  /** `me` is the account the token belongs to. */
  accountFor(id: string, token: string, platformHint: MessagingPlatform): MessagingAccount | null {
    if (id === 'me') {
      for (const a of this.accounts.values()) if (a.tokens?.has(token)) return a;
      if (!this.autoRegister) return null;
      const auto = idForToken(token);
      return this.accounts.get(auto) ?? this.addAccount({ id: auto, platform: platformHint }, true);
    }
    const a = this.accounts.get(id);
    if (a) return a;
    return this.autoRegister ? this.addAccount({ id, platform: platformHint }, true) : null;
  }

  clear(): void {
    this.numbers.clear();
    this.accounts.clear();
    this.wabas.clear();
  }
}

export function tokenOk(tokens: Set<string> | null, token: string): boolean {
  return tokens ? tokens.has(token) : token.length > 0;
}
