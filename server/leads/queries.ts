import type { Knex } from 'knex';
import type { LeadFilters } from './schema.ts';

/** A lead with its customer's identity and the account the conversation is on. */
export interface LeadRow {
  id: string;
  conversation_id: string;
  number_id: string;
  name: string | null;
  email: string | null;
  company: string | null;
  intent: string | null;
  urgency: string | null;
  budget: string | null;
  fit: string | null;
  engagement: string | null;
  demo_datetime: Date | null;
  smart_notification: string | null;
  extracted_at: Date;
  /** The customer's id on the channel: a wa_id (phone without +), IGSID or PSID. */
  phone: string;
  profile_name: string | null;
  number_name: string;
}

const COLUMNS = ['name', 'email', 'company', 'intent', 'urgency', 'budget', 'fit', 'engagement', 'demo_datetime', 'smart_notification'] as const;

/** The workspace's leads matching the filters, newest first, at most `limit`. */
export async function listLeads(db: Knex, workspaceId: string, q: LeadFilters, limit: number): Promise<LeadRow[]> {
  const query = db('leads as l')
    .join('contact_identities as k', 'k.id', 'l.identity_id')
    .join('channel_accounts as n', 'n.id', 'l.number_id')
    .where('l.workspace_id', workspaceId)
    .select('l.id', 'l.conversation_id', 'l.number_id', ...COLUMNS.map((c) => `l.${c}`), 'l.extracted_at', 'k.external_id as phone', 'k.profile_name', 'n.display_name as number_name');
  if (q.numberId) query.where('l.number_id', q.numberId);
  for (const level of ['urgency', 'fit', 'engagement'] as const) if (q[level]) query.where(`l.${level}`, q[level]);
  if (q.from) query.where('l.extracted_at', '>=', q.from);
  if (q.to) query.where('l.extracted_at', '<', q.to);
  if (q.hasDemo) query[q.hasDemo === 'true' ? 'whereNotNull' : 'whereNull']('l.demo_datetime');
  if (q.search) {
    const like = `%${q.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    query.where((w) => {
      for (const c of ['l.name', 'l.email', 'l.company', 'l.intent', 'k.external_id']) w.orWhereILike(c, like);
    });
  }
  return query.orderBy('l.extracted_at', 'desc').limit(limit);
}
