// The id the widget gives each message it sends (visitorMessageBody.clientId, a UUID): the server
// stores a retried send once, and the widget knows its own message when it comes back.
// crypto.randomUUID exists only in secure contexts; a Parley served over plain http still works.

/** A version-4 UUID; `fill` (tests) stands in for crypto.getRandomValues. */
export function newClientId(fill?: (bytes: Uint8Array) => Uint8Array): string {
  if (!fill && typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const b = (fill ?? ((bytes) => crypto.getRandomValues(bytes)))(new Uint8Array(16));
  b[6] = (b[6]! & 0x0f) | 0x40; // version 4
  b[8] = (b[8]! & 0x3f) | 0x80; // RFC 4122 variant
  const hex = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
