import type { Knex } from 'knex';

// An identity learns an email address or a phone number (a web chat visitor's pre-chat form, or
// an address in their message): if another person of the workspace already has it, the identity
// joins that person, so their conversations across channels show as one person's. Matching, in
// this order: the person's email (any case), the person's phone, a WhatsApp identity whose wa_id
// is the phone's digits. The identity's own person, left with no identity, is removed; what it
// knew (name, email, phone) fills in what the other person lacks.
//
// An identity whose person has other identities is never moved: that person is someone already
// (a merge of two known people is for a person to decide). Then, and when nobody matches, the
// email and phone fill in the identity's own person where it has none.

export interface LinkInput {
  workspaceId: string;
  identityId: string;
  /** Lower-cased. */
  email: string | null;
  /** Digits with the country code. */
  phone: string | null;
}

export type LinkOutcome = { linked: true; contactId: string } | { linked: false; contactId: string };

interface Person {
  id: string;
  name: string | null;
  email: string | null;
  phone: string | null;
}

export async function linkIdentity(trx: Knex, input: LinkInput): Promise<LinkOutcome> {
  const identity = await trx('contact_identities').where({ id: input.identityId, workspace_id: input.workspaceId }).forUpdate().first('id', 'contact_id');
  if (!identity) throw new Error(`identity ${input.identityId} not found`);
  const own: Person = await trx('contacts').where({ id: identity.contact_id }).forUpdate().first('id', 'name', 'email', 'phone');
  const others = await trx('contact_identities').where({ contact_id: own.id }).whereNot({ id: identity.id }).first('id');
  const match = others ? null : await findPerson(trx, input.workspaceId, own.id, input);
  if (!match) {
    await fillIn(trx, own, { email: input.email, phone: input.phone, name: null });
    return { linked: false, contactId: own.id };
  }
  await trx('contact_identities').where({ id: identity.id }).update({ contact_id: match.id, updated_at: trx.fn.now() });
  await fillIn(trx, match, { email: input.email ?? own.email, phone: input.phone ?? own.phone, name: own.name });
  await trx('contacts').where({ id: own.id }).delete();
  return { linked: true, contactId: match.id };
}

async function findPerson(trx: Knex, workspaceId: string, notId: string, by: Pick<LinkInput, 'email' | 'phone'>): Promise<Person | null> {
  const people = () => trx('contacts').where({ workspace_id: workspaceId }).whereNot({ id: notId }).orderBy('created_at').forUpdate();
  if (by.email) {
    const p = await people().whereRaw('lower(email) = ?', [by.email.toLowerCase()]).first('id', 'name', 'email', 'phone');
    if (p) return p;
  }
  if (by.phone) {
    const p = await people().where({ phone: by.phone }).first('id', 'name', 'email', 'phone');
    if (p) return p;
    const wa = await trx('contact_identities').where({ workspace_id: workspaceId, channel: 'whatsapp', external_id: by.phone }).whereNot({ contact_id: notId }).first('contact_id');
    if (wa) return (await trx('contacts').where({ id: wa.contact_id }).forUpdate().first('id', 'name', 'email', 'phone')) ?? null;
  }
  return null;
}

/** Sets what `p` lacks; never overwrites what someone already knows of a person. */
async function fillIn(trx: Knex, p: Person, v: { email: string | null; phone: string | null; name: string | null }): Promise<void> {
  const set = {
    ...(!p.email && v.email ? { email: v.email } : {}),
    ...(!p.phone && v.phone ? { phone: v.phone } : {}),
    ...(!p.name && v.name ? { name: v.name } : {}),
  };
  if (Object.keys(set).length) await trx('contacts').where({ id: p.id }).update({ ...set, updated_at: trx.fn.now() });
}
