import type { Db } from '../db/knex.ts';
import { putSetting } from '../settings/llm.ts';

// The default fallback reply (seed 001 6.3): sent when no rule matches and the number has no
// agent. Off until the admin writes a text and turns it on for the workspace; each number
// inherits that, or has its own text, or none. Sent at most once per conversation per quiet
// period, so a customer writing five lines gets it once and two bots can never keep answering
// each other.

export type FallbackMode = 'inherit' | 'custom' | 'off';
export interface GlobalFallback {
  enabled: boolean;
  text: string;
}
export interface NumberFallback {
  mode: FallbackMode;
  text: string | null;
}

export const DEFAULT_REPLY_QUIET_MS = 3_600_000;
const KEY = 'replies.fallback';
const OFF: GlobalFallback = { enabled: false, text: '' };

/** The text a number sends when nothing else answers, or null for silence. */
export function fallbackText(global: GlobalFallback, number: NumberFallback): string | null {
  if (number.mode === 'off') return null;
  if (number.mode === 'custom') return number.text?.trim() || null;
  return global.enabled && global.text.trim() ? global.text : null;
}

/** Whether the conversation may get the default reply again, given when it last got it. */
export function defaultReplyDue(lastSentAt: Date | null, now: Date, quietMs = DEFAULT_REPLY_QUIET_MS): boolean {
  return !lastSentAt || now.getTime() - lastSentAt.getTime() >= quietMs;
}

export async function loadGlobalFallback(db: Db, workspaceId: string): Promise<GlobalFallback> {
  const row = await db('settings').where({ workspace_id: workspaceId, key: KEY }).first('value');
  return { ...OFF, ...((row?.value ?? {}) as Partial<GlobalFallback>) };
}

export const saveGlobalFallback = (db: Db, workspaceId: string, value: GlobalFallback) => putSetting(db, workspaceId, KEY, value, false);

export async function numberFallbacks(db: Db, workspaceId: string): Promise<Array<NumberFallback & { numberId: string }>> {
  const rows = await db('channel_accounts').where({ workspace_id: workspaceId }).whereNull('deleted_at').orderBy('created_at').select('id', 'fallback_reply_mode', 'fallback_reply_text');
  return rows.map((r) => ({ numberId: r.id, mode: r.fallback_reply_mode, text: r.fallback_reply_text }));
}

export async function numberFallback(db: Db, numberId: string): Promise<NumberFallback> {
  const row = await db('channel_accounts').where({ id: numberId }).first('fallback_reply_mode', 'fallback_reply_text');
  return { mode: row?.fallback_reply_mode ?? 'off', text: row?.fallback_reply_text ?? null };
}

/** Updates one number's choice; false when the workspace has no such number. */
export async function saveNumberFallback(db: Db, workspaceId: string, numberId: string, value: NumberFallback): Promise<boolean> {
  const n = await db('channel_accounts')
    .where({ id: numberId, workspace_id: workspaceId })
    .whereNull('deleted_at')
    .update({ fallback_reply_mode: value.mode, fallback_reply_text: value.mode === 'custom' ? value.text : null });
  return n > 0;
}

export async function lastDefaultReplyAt(db: Db, conversationId: string): Promise<Date | null> {
  const row = await db('reply_logs').where({ conversation_id: conversationId, source: 'default', outcome: 'sent' }).orderBy('created_at', 'desc').first('created_at');
  return row ? new Date(row.created_at) : null;
}
