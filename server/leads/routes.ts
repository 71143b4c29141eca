import type { AppContext } from '../context.ts';
import { defineRoute, type RouteDef } from '../http/route.ts';
import { csvLine } from '../campaigns/stats.ts';
import { leadListView, presentLead } from './present.ts';
import { listLeads } from './queries.ts';
import { leadListQuery } from './schema.ts';

const CSV_MAX_ROWS = 100_000;

export function leadRoutes(ctx: AppContext): RouteDef[] {
  return [
    defineRoute({
      method: 'get',
      path: '/api/leads',
      access: 'members',
      tag: 'leads',
      summary: 'Leads extracted from conversations, newest first, with filters',
      query: leadListQuery,
      response: leadListView,
      handler: async ({ query: { limit, ...filters }, req }) => ({ items: (await listLeads(ctx.db, req.auth!.workspaceId, filters, limit)).map(presentLead) }),
    }),
    defineRoute({
      method: 'get',
      path: '/api/leads.csv',
      access: 'members',
      tag: 'leads',
      summary: 'The filtered leads as CSV (formulas neutralised), up to 100,000 rows',
      query: leadListQuery.omit({ limit: true }),
      handler: async ({ query, req, res }) => {
        const rows = await listLeads(ctx.db, req.auth!.workspaceId, query, CSV_MAX_ROWS);
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
