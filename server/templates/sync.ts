import type { Knex } from 'knex';
import type { TemplateEvent } from '../channels/whatsapp/webhook.ts';
import type { AppContext } from '../context.ts';
import { summarizeGraphFailure } from '../channels/whatsapp/error-summary.ts';
import { graphFor, handleAccountFailure, tokenOf } from '../accounts/service.ts';
import type { NumberRow } from '../accounts/queries.ts';
import { notify } from '../notifications/service.ts';
import { publish } from '../events/bus.ts';
import { findByMetaId, recordTransitions, stateColumns, stateOf, templatesOfWaba, type TemplateRow } from './queries.ts';
import { applyRemote, type Outcome } from './rules.ts';

const PAGE_SIZE = 100;
const MAX_PAGES = 500; // 50,000 templates: far above Meta's 6,000 per WABA cap

export interface SyncSummary {
  wabaId: string;
  fetched: number;
  created: number;
  changed: number;
  deactivated: number;
  quarantined: number;
}

/**
 * Reads every page first and writes only when the listing is complete, in one transaction: an
 * interrupted sync changes nothing (and throws, so the job retries), and "missing from Meta's
 * list" is only concluded from a full list.
 */
export async function syncTemplates(ctx: AppContext, number: NumberRow): Promise<SyncSummary> {
  const graph = graphFor(ctx, number.is_sandbox);
  const token = tokenOf(ctx, number);
  const remote: Array<Record<string, any>> = [];
  let after: string | undefined;
  for (let page = 1; ; page++) {
    const r = await graph.listTemplates(number.waba_id, token, { limit: PAGE_SIZE, after });
    if (!r.ok) {
      await handleAccountFailure(ctx, number, r);
      throw new Error(`template sync of WABA ${number.waba_id} failed on page ${page}: ${summarizeGraphFailure(r)}`);
    }
    remote.push(...r.page.data);
    after = r.page.paging?.cursors?.after;
    if (!r.page.paging?.next || !after) break;
    if (page >= MAX_PAGES) throw new Error(`template sync of WABA ${number.waba_id} stopped after ${MAX_PAGES} pages`);
  }

  const summary: SyncSummary = { wabaId: number.waba_id, fetched: remote.length, created: 0, changed: 0, deactivated: 0, quarantined: 0 };
  const quarantined: TemplateRow[] = [];
  await ctx.db.transaction(async (trx) => {
    const existing = new Map((await templatesOfWaba(trx, number.workspace_id, number.waba_id)).map((t) => [t.meta_template_id, t]));
    const seen = new Set<string>();
    for (const t of remote) {
      const metaId = String(t.id);
      seen.add(metaId);
      const current = existing.get(metaId) ?? null;
      const outcome = applyRemote(current ? stateOf(current) : null, {
        status: String(t.status ?? 'PENDING'),
        category: String(t.category ?? 'UTILITY').toUpperCase(),
        correctCategory: t.correct_category ? String(t.correct_category).toUpperCase() : null,
      });
      const fields = {
        name: String(t.name),
        language: String(t.language),
        parameter_format: t.parameter_format ?? null,
        components: JSON.stringify(t.components ?? []),
        quality_score: t.quality_score?.score ?? null,
        rejected_reason: t.rejected_reason ?? null,
        last_synced_at: new Date(),
        ...stateColumns(outcome.next, outcome.quarantinedNow ? outcome.transitions.at(-1)!.detail : undefined),
      };
      let row: TemplateRow;
      if (current) {
        [row] = await trx('templates').where({ id: current.id }).update(fields).returning('*');
        if (outcome.transitions.length) summary.changed++;
      } else {
        [row] = await trx('templates')
          .insert({ ...fields, workspace_id: number.workspace_id, waba_id: number.waba_id, meta_template_id: metaId, is_test: number.is_sandbox })
          .returning('*');
        summary.created++;
      }
      await recordTransitions(trx, row!, 'sync', outcome.transitions);
      if (outcome.quarantinedNow) quarantined.push(row!);
    }
    for (const [metaId, current] of existing) {
      if (seen.has(metaId) || !current.is_active) continue;
      const outcome = applyRemote(stateOf(current), { deleted: true });
      await trx('templates').where({ id: current.id }).update(stateColumns(outcome.next, undefined));
      await recordTransitions(trx, current, 'sync', outcome.transitions);
      summary.deactivated++;
    }
    for (const t of quarantined) await notifyQuarantine(ctx, trx, t);
  });
  summary.quarantined = quarantined.length;
  await publish(ctx, [{ type: 'templates.changed', workspaceId: number.workspace_id }]);
  return summary;
}

function notifyQuarantine(ctx: AppContext, trx: Knex, t: TemplateRow) {
  return notify(ctx, {
    workspaceId: t.workspace_id,
    type: 'template_quarantined',
    title: 'Template quarantined',
    message: `Template ${t.name} (${t.language}) was quarantined: ${t.quarantine_reason}. Campaigns can no longer use it.`,
    actionUrl: `/templates?id=${t.id}`,
    relatedEntityType: 'template',
    relatedEntityId: t.id,
  }, trx);
}

/** Meta's template webhooks apply the same rules between syncs (source "webhook"). */
export async function applyTemplateWebhooks(ctx: AppContext, trx: Knex, events: TemplateEvent[]): Promise<Set<string>> {
  const touched = new Set<string>();
  for (const e of events) {
    const v = e.value as Record<string, any>;
    const metaId = String(v.message_template_id ?? '');
    if (!metaId) continue;
    const remote: Parameters<typeof applyRemote>[1] = {};
    if (e.field === 'message_template_status_update') {
      const event = String(v.event ?? '').toUpperCase();
      if (!event) continue;
      remote.status = event;
      if (event === 'DELETED') remote.deleted = true;
    } else if (v.correct_category) {
      remote.correctCategory = String(v.correct_category).toUpperCase(); // announced, 24 h ahead
    } else if (v.new_category) {
      remote.category = String(v.new_category).toUpperCase();
      remote.correctCategory = null;
    }
    for (const t of await findByMetaId(trx, e.wabaId, metaId)) {
      const outcome: Outcome = applyRemote(stateOf(t), remote);
      if (!outcome.transitions.length) continue;
      const [row] = await trx('templates')
        .where({ id: t.id })
        .update(stateColumns(outcome.next, outcome.quarantinedNow ? outcome.transitions.at(-1)!.detail : undefined))
        .returning('*');
      await recordTransitions(trx, t, 'webhook', outcome.transitions);
      if (outcome.quarantinedNow) await notifyQuarantine(ctx, trx, row);
      touched.add(t.workspace_id);
    }
  }
  return touched;
}
