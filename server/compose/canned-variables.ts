// A canned reply's {{variables}} filled for one conversation, when an agent inserts it into the
// composer. Pure. Known variables take the conversation's values; a known variable without a
// value (a customer with no name, a phone on Instagram) becomes empty and the space it leaves
// before punctuation is tidied ("Hi {{contact.name}}, ..." -> "Hi, ..."); an unknown variable
// ({{order.id}}, a typo) stays as written, so the agent sees it and fills it in by hand.

export interface CannedValues {
  contactName: string | null;
  /** wa_id, IGSID or PSID. */
  customerId: string;
  /** The customer's phone number with its +, on WhatsApp; null elsewhere. */
  contactPhone: string | null;
  agentName: string | null;
  accountName: string | null;
}

export const CANNED_VARIABLES = ['contact.name', 'contact.first_name', 'contact.phone', 'contact.id', 'agent.name', 'account.name'] as const;

const VARIABLE = /\{\{\s*([a-z_]+(?:\.[a-z_]+)*)\s*\}\}/gi;

function valueOf(name: string, v: CannedValues): string | null | undefined {
  switch (name) {
    case 'contact.name': return v.contactName;
    case 'contact.first_name': return v.contactName?.trim().split(/\s+/)[0] ?? null;
    case 'contact.phone': return v.contactPhone;
    case 'contact.id': return v.customerId;
    case 'agent.name': return v.agentName;
    case 'account.name': return v.accountName;
    default: return undefined;
  }
}

export function fillCannedReply(body: string, values: CannedValues): string {
  let emptied = false;
  const filled = body.replace(VARIABLE, (whole, key: string) => {
    const value = valueOf(key.toLowerCase(), values);
    if (value === undefined) return whole;
    const text = value?.trim() ?? '';
    if (!text) emptied = true;
    return text;
  });
  if (!emptied) return filled;
  // Only where a value went missing: two spaces left by it, or a space before punctuation.
  return filled.replace(/[ \t]{2,}/g, ' ').replace(/[ \t]+([,.!?;:])/g, '$1').replace(/^[ \t]+|[ \t]+$/gm, '');
}
