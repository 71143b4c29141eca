import type { Knex } from 'knex';
import { PREPARED, type Db } from '../db/knex.ts';
import type { ChatTurn } from '../llm/client.ts';
import type { Rule } from './rule-match.ts';

export interface ReplyTask {
  id: string;
  workspace_id: string;
  conversation_id: string;
  message_id: string;
  attempts: number;
}

export interface AgentRow {
  id: string;
  workspace_id: string;
  number_id: string;
  name: string;
  mode: 'system_prompt' | 'openai_prompt';
  system_prompt: string;
  prompt_id: string | null;
  prompt_version: string | null;
  prompt_variables: Record<string, string>;
  fallback_message: string | null;
  is_enabled: boolean;
  archived_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

export type PreviousAgentRow = Pick<AgentRow, 'id' | 'name' | 'mode' | 'prompt_id' | 'prompt_version' | 'created_at'> & { archived_at: Date };

export interface RuleRow extends Rule {
  workspace_id: string;
  name: string;
  reply: string | null;
  hands_over: boolean;
  updated_at: Date;
}

export type RuleWithStatsRow = RuleRow & { matched_count: number; last_matched_at: Date | null };

export interface ReplyLogRow {
  id: string;
  number_id: string;
  conversation_id: string;
  inbound_message_id: string;
  source: string;
  rule_id: string | null;
  rule_name: string | null;
  agent_id: string | null;
  outcome: string;
  detail: string | null;
  reply_message_id: string | null;
  llm_ms: number | null;
  input_tokens: number | null;
  output_tokens: number | null;
  credits_charged: number;
  created_at: Date;
}

/**
 * Claims the oldest task of up to `limit` conversations whose oldest task is not already being
 * worked: one task per conversation at a time, in arrival order, across every process.
 */
export async function claimReplyTasks(db: Db, limit: number): Promise<ReplyTask[]> {
  const { rows } = await db.raw(
    `with heads as (
       select id, state from (
         select distinct on (conversation_id) id, state, message_at from reply_tasks
          order by conversation_id, message_at, id) h
        where h.state = 'pending' order by h.message_at limit ?)
     update reply_tasks t set state = 'processing', claimed_at = now(), attempts = t.attempts + 1
       from heads where t.id = heads.id and t.state = 'pending'
     returning t.id, t.workspace_id, t.conversation_id, t.message_id, t.attempts`,
    [limit],
  ).options(PREPARED);
  return rows;
}

/** Deletes a task that is done; whether its conversation has another one waiting (the worker claims it at once). */
export async function finishReplyTask(db: Db | Knex, id: string): Promise<boolean> {
  const { rows } = await db
    .raw(
      `delete from reply_tasks d where d.id = ?
       returning exists (select 1 from reply_tasks t where t.conversation_id = d.conversation_id and t.id <> d.id) as more`,
      [id],
    )
    .options(PREPARED);
  return rows[0]?.more === true;
}

/** A worker that died mid-task leaves it processing; after `seconds` it is worked again. */
export async function recoverStuckReplyTasks(db: Db, seconds: number): Promise<number> {
  return db('reply_tasks').where({ state: 'processing' }).where('claimed_at', '<', db.raw(`now() - make_interval(secs => ?)`, [seconds])).update({ state: 'pending', claimed_at: null });
}

export const loadRules = (db: Db, workspaceId: string): Promise<RuleRow[]> =>
  db('reply_rules')
    .where({ workspace_id: workspaceId, is_enabled: true })
    .select('id', 'workspace_id', 'number_id', 'name', 'keywords', 'match_mode', 'priority', 'is_enabled', 'reply', 'hands_over', 'created_at', 'updated_at')
    .options(PREPARED);

/** A workspace's rules, highest priority first, with how often each answered; numberId keeps the global ones and that account's. */
export function listRules(db: Db, workspaceId: string, numberId?: string): Promise<RuleWithStatsRow[]> {
  const q = db('reply_rules as r')
    .where('r.workspace_id', workspaceId)
    .orderBy([{ column: 'r.priority', order: 'desc' }, { column: 'r.created_at' }])
    .select(
      'r.*',
      db.raw(`(select count(*)::int from reply_logs l where l.rule_id = r.id and l.outcome = 'sent') as matched_count`),
      db.raw(`(select max(created_at) from reply_logs l where l.rule_id = r.id) as last_matched_at`),
    );
  if (numberId) q.where((w) => w.whereNull('r.number_id').orWhere('r.number_id', numberId));
  return q;
}

/** The latest 100 auto-reply outcomes of a workspace, newest first. */
export const recentReplyLogs = (db: Db, workspaceId: string): Promise<ReplyLogRow[]> =>
  db('reply_logs as l')
    .leftJoin('reply_rules as r', 'r.id', 'l.rule_id')
    .where('l.workspace_id', workspaceId)
    .orderBy('l.id', 'desc')
    .limit(100)
    .select(
      'l.id', 'l.number_id', 'l.conversation_id', 'l.inbound_message_id', 'l.source', 'l.rule_id', 'r.name as rule_name', 'l.agent_id', 'l.outcome',
      'l.detail', 'l.reply_message_id', 'l.llm_ms', 'l.input_tokens', 'l.output_tokens', 'l.credits_charged', 'l.created_at',
    );

export const currentAgent = (db: Db | Knex, numberId: string): Promise<AgentRow | undefined> =>
  db('agents').where({ number_id: numberId }).whereNull('archived_at').first();

/**
 * The last `n` text messages of a conversation up to the one being answered, oldest first, as
 * chat turns (inbound messages that arrived after it get their own reply). A campaign template
 * the customer may be answering counts as ours, with its rendered text.
 */
export async function recentTurns(db: Db, conversationId: string, upToMessageId: string, n: number): Promise<ChatTurn[]> {
  const rows: Array<{ direction: string; body: string }> = await db('messages')
    .where({ conversation_id: conversationId })
    .whereIn('direction', ['inbound', 'outbound']) // a private note is the team's, never the bot's context
    .whereIn('type', ['text', 'template'])
    .whereNotNull('body')
    .whereNot((q) => q.where('direction', 'inbound').where('id', '>', upToMessageId))
    .orderBy([{ column: 'created_at', order: 'desc' }, { column: 'id', order: 'desc' }]) // arrival order: Meta's timestamps have 1 s resolution
    .limit(n)
    .select('direction', 'body');
  return rows.reverse().map((r) => ({ role: r.direction === 'inbound' ? 'user' : 'assistant', text: r.body }));
}

/**
 * Campaign templates sent in a conversation after the customer's previous text message and before
 * this one: an OpenAI conversation (prompt mode) holds only the turns we give it, so these are
 * added to it ahead of the customer's answer.
 */
export async function templatesBefore(db: Db, conversationId: string, messageId: string, limit = 10): Promise<string[]> {
  const previous = db('messages').where({ conversation_id: conversationId, direction: 'inbound', type: 'text' }).where('id', '<', messageId).max('id');
  const rows: Array<{ body: string }> = await db('messages')
    .where({ conversation_id: conversationId, type: 'template' })
    .whereNotNull('body')
    .where('id', '<', messageId)
    .where('id', '>', db.raw('coalesce((?), 0)', [previous]))
    .orderBy('id', 'desc')
    .limit(limit)
    .select('body');
  return rows.reverse().map((r) => r.body);
}
