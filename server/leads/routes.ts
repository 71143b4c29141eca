import { z } from 'zod';
import type { Knex } from 'knex';
import type { AppContext } from '../context.ts';
import { defineRoute, type RouteDef } from '../http/route.ts';
import { csvLine } from '../campaigns/stats.ts';
import { isoDateTime } from '../http/schemas.ts';

export const leadListQuery = z.object({
  numberId: z.uuid().optional(),
  urgency: z.enum(['low', 'medium', 'high']).optional(),
  fit: z.enum(['low', 'medium', 'high']).optional(),
  engagement: z.enum(['low', 'medium', 'high']).optional(),
  /** Matches name, email, company, intent or phone. */
  search: z.string().trim().max(100).optional(),
  /** Extracted on or after / before (ISO 8601). */
  from: isoDateTime.optional(),
  to: isoDateTime.optional(),
  hasDemo: z.enum(['true', 'false']).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

type LeadQuery = z.infer<typeof leadListQuery>;

const COLUMNS = ['name', 'email', 'company', 'intent', 'urgency', 'budget', 'fit', 'engagement', 'demo_datetime', 'smart_notification'] as const;

function leadsQuery(db: Knex, workspaceId: string, q: LeadQuery) {
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
  return query.orderBy('l.extracted_at', 'desc');
}

export function leadRoutes(ctx: AppContext): RouteDef[] {
  return [
    defineRoute({
      method: 'get',
      path: '/api/leads',
      tag: 'leads',
      summary: 'Leads extracted from conversations, newest first, with filters',
      query: leadListQuery,
      handler: async ({ query, req }) => ({ items: await leadsQuery(ctx.db, req.auth!.workspaceId, query).limit(query.limit) }),
    }),
    defineRoute({
      method: 'get',
      path: '/api/leads.csv',
      tag: 'leads',
      summary: 'The filtered leads as CSV (formulas neutralised), up to 100,000 rows',
      query: leadListQuery.omit({ limit: true }),
      handler: async ({ query, req, res }) => {
        const rows = await leadsQuery(ctx.db, req.auth!.workspaceId, { ...query, limit: 0 }).limit(100_000);
        res.setHeader('content-type', 'text/csv; charset=utf-8');
        res.setHeader('content-disposition', 'attachment; filename="leads.csv"');
        const header = ['Phone', 'WhatsApp name', 'Number', 'Name', 'Email', 'Company', 'Intent', 'Urgency', 'Budget', 'Fit', 'Engagement', 'Demo', 'Next step', 'Extracted at'];
        res.write('\uFEFF' + csvLine(header, ctx.config.APP_TIMEZONE));
        for (const r of rows) {
          res.write(csvLine([r.phone, r.profile_name, r.number_name, r.name, r.email, r.company, r.intent, r.urgency, r.budget, r.fit, r.engagement, r.demo_datetime, r.smart_notification, r.extracted_at], ctx.config.APP_TIMEZONE));
        }
        res.end();
      },
    }),
  ];
}
