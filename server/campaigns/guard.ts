// Where a campaign goes when its number changes under it, when it keeps failing, and when the user
// presses Stop or Resume. Pure: callers read the campaign (and its number), ask here, then apply
// the answer with an update guarded on the status and pause kind they read (guard-apply.ts), so
// two processes settling the same campaign change it, and notify, once.

export const CAMPAIGN_STATUSES = ['scheduled', 'queued', 'running', 'paused', 'stopped', 'completed', 'failed'] as const;
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number];
/** What paused a campaign: an expired token resumes by itself once the token works again; failures wait for the user. */
export const PAUSE_KINDS = ['token_expired', 'failures'] as const;
export type PauseKind = (typeof PAUSE_KINDS)[number];
export type NumberState = 'active' | 'inactive' | 'deleted';

export interface CampaignState {
  status: CampaignStatus;
  pauseKind: PauseKind | null;
}

export interface Transition extends CampaignState {
  /** Shown on the campaign page and in the notification; null clears the previous one. */
  reason: string | null;
}

/** A refused user action: the 409's code and sentence. */
export interface Refusal {
  refused: 'cannot_stop' | 'cannot_resume';
  why: string;
}

export const NUMBER_DELETED = 'its WhatsApp number was deleted';
export const TOKEN_EXPIRED = "token expired: update the number's access token on Numbers and sending resumes by itself";

const TERMINAL: ReadonlySet<CampaignStatus> = new Set(['completed', 'failed']);
const SENDING: ReadonlySet<CampaignStatus> = new Set(['queued', 'running']);

/**
 * A deleted number ends every unfinished campaign (it can never send again); an inactive one (its
 * token expired or was refused) pauses what is sending; an active one again resumes what the token
 * paused. Scheduled and stopped campaigns wait: they meet the number's state when they queue.
 */
export function afterNumberChange(c: CampaignState, n: NumberState): Transition | null {
  if (n === 'deleted') return TERMINAL.has(c.status) ? null : { status: 'failed', pauseKind: null, reason: NUMBER_DELETED };
  if (n === 'inactive') return SENDING.has(c.status) ? { status: 'paused', pauseKind: 'token_expired', reason: TOKEN_EXPIRED } : null;
  return c.status === 'paused' && c.pauseKind === 'token_expired' ? { status: 'queued', pauseKind: null, reason: null } : null;
}

/** Too many recent sends failed: a sending campaign pauses with the count and the main cause. */
export function afterFailureThreshold(c: CampaignState, reason: string): Transition | null {
  return c.status === 'running' ? { status: 'paused', pauseKind: 'failures', reason } : null;
}

export function userStop(c: CampaignState): Transition | Refusal {
  if (SENDING.has(c.status) || c.status === 'paused') return { status: 'stopped', pauseKind: null, reason: null };
  return { refused: 'cannot_stop', why: `Cannot stop a ${c.status} campaign: only a queued, running or paused campaign can be stopped` };
}

/**
 * Resume picks up where the campaign left off. On a number whose token is not working it waits as
 * paused for the token, and resumes by itself once the token is updated.
 */
export function userResume(c: CampaignState, n: NumberState): Transition | Refusal {
  if (c.status !== 'stopped' && c.status !== 'paused') return { refused: 'cannot_resume', why: `Cannot resume a ${c.status} campaign: only a stopped or paused campaign can be resumed` };
  if (n === 'deleted') return { refused: 'cannot_resume', why: `Cannot resume: ${NUMBER_DELETED}` };
  if (n === 'inactive') return { status: 'paused', pauseKind: 'token_expired', reason: TOKEN_EXPIRED };
  return { status: 'queued', pauseKind: null, reason: null };
}

export const isRefusal = (t: Transition | Refusal): t is Refusal => 'refused' in t;
