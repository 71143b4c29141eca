import type { AppContext } from '../context.ts';
import { llmClient } from '../llm/client.ts';
import { publish } from '../events/bus.ts';
import { loadLlmSettings, type LlmSettings } from '../settings/llm.ts';
import { LEAD_INSTRUCTIONS, LEAD_JSON_SCHEMA, LEAD_SCHEMA_NAME, leadAnswer, transcript } from './extraction.ts';

// Lead extraction: a conversation with new activity is read once it has been quiet for
// QUIET_MINUTES (the job runs every 5 minutes, so 5-15 minutes after the activity); nothing new,
// no call. A failure leaves it due, so the next run retries it.

export const QUIET_MINUTES = 5;
const RETRY_AFTER_MINUTES = 4;
const LOOKBACK_DAYS = 7;
const TRANSCRIPT_MESSAGES = 60;
const BATCH = 100;

interface DueConversation {
  id: string;
  workspace_id: string;
  account_id: string;
  identity_id: string;
  last_message_at: Date;
}

export async function extractDueLeads(ctx: AppContext, now = new Date()): Promise<{ extracted: number; failed: number; due: number }> {
  const due: DueConversation[] = await ctx.db('conversations as c')
    .where('c.last_message_at', '<=', new Date(now.getTime() - QUIET_MINUTES * 60_000))
    .where('c.last_message_at', '>', new Date(now.getTime() - LOOKBACK_DAYS * 86_400_000))
    .where((q) => q.whereNull('c.leads_extracted_at').orWhereRaw('c.last_message_at > c.leads_extracted_at'))
    .where((q) => q.whereNull('c.leads_attempted_at').orWhere('c.leads_attempted_at', '<', new Date(now.getTime() - RETRY_AFTER_MINUTES * 60_000)))
    .whereExists((q) => q.select(ctx.db.raw('1')).from('messages as m').whereRaw('m.conversation_id = c.id').where({ 'm.direction': 'inbound', 'm.type': 'text' }))
    .orderBy('c.last_message_at')
    .limit(BATCH)
    .select('c.id', 'c.workspace_id', 'c.account_id', 'c.identity_id', 'c.last_message_at');
  let extracted = 0;
  let failed = 0;
  const settingsOf = new Map<string, Promise<LlmSettings>>();
  for (const conv of due) {
    if (!settingsOf.has(conv.workspace_id)) settingsOf.set(conv.workspace_id, loadLlmSettings(ctx, conv.workspace_id));
    if (await extractLead(ctx, conv, await settingsOf.get(conv.workspace_id)!, now)) extracted++;
    else failed++;
  }
  return { extracted, failed, due: due.length };
}

async function extractLead(ctx: AppContext, conv: DueConversation, settings: LlmSettings, now: Date): Promise<boolean> {
  await ctx.db('conversations').where({ id: conv.id }).update({ leads_attempted_at: now });
  if (!settings.apiKey) return false;
  // Private notes are the team's: never in a transcript sent to the LLM.
  const messages = (
    await ctx.db('messages').where({ conversation_id: conv.id, type: 'text' }).whereIn('direction', ['inbound', 'outbound']).whereNotNull('body').orderBy('sent_at', 'desc').limit(TRANSCRIPT_MESSAGES).select('direction', 'body', 'sent_at')
  ).reverse();
  const r = await llmClient({ apiKey: settings.apiKey, baseUrl: settings.baseUrl }).extract({
    model: settings.model,
    instructions: LEAD_INSTRUCTIONS,
    input: transcript(messages, now, ctx.config.APP_TIMEZONE),
    schemaName: LEAD_SCHEMA_NAME,
    schema: LEAD_JSON_SCHEMA as unknown as Record<string, unknown>,
  });
  const parsed = r.ok ? leadAnswer.safeParse(r.json) : null;
  if (!r.ok || !parsed?.success) {
    ctx.logger.warn({ conversationId: conv.id, err: r.ok ? parsed?.error?.message : r.message }, 'lead extraction failed; retried at the next run');
    return false;
  }
  const fields = { ...parsed.data, extracted_at: now };
  await ctx.db.transaction(async (trx) => {
    await trx('leads')
      .insert({ workspace_id: conv.workspace_id, conversation_id: conv.id, number_id: conv.account_id, identity_id: conv.identity_id, ...fields })
      .onConflict('conversation_id')
      // A later read that no longer sees a detail (it scrolled out of the transcript) keeps the old value.
      .merge(Object.fromEntries(Object.keys(fields).map((k) => [k, k === 'extracted_at' ? now : trx.raw(`coalesce(excluded.??, leads.??)`, [k, k])])));
    await trx('conversations').where({ id: conv.id }).update({ leads_extracted_at: conv.last_message_at });
  });
  await publish(ctx, [{ type: 'lead.changed', workspaceId: conv.workspace_id, leadId: null, action: 'update' }]);
  return true;
}
