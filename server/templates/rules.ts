// Template state rules, pure. MARKETING and AUTHENTICATION templates are quarantined the moment
// Parley learns of them (or of Meta's announced move to one of them); only an admin lifts a
// quarantine, and only while the category is UTILITY. A template Meta deleted stays, inactive.

export const QUARANTINED_CATEGORIES = new Set(['MARKETING', 'AUTHENTICATION']);

export interface TemplateState {
  status: string;
  category: string;
  correctCategory: string | null;
  isActive: boolean;
  isQuarantined: boolean;
}

export type ChangeSource = 'sync' | 'webhook' | 'admin';

export interface Transition {
  field: 'category' | 'status' | 'quarantine' | 'active';
  oldValue: string | null;
  newValue: string;
  detail?: string;
}

export interface Outcome {
  next: TemplateState;
  transitions: Transition[];
  /** True when this change put the template into quarantine (notify once). */
  quarantinedNow: boolean;
}

function quarantineReason(s: Pick<TemplateState, 'category' | 'correctCategory'>): string | null {
  if (QUARANTINED_CATEGORIES.has(s.category)) return `category is ${s.category}`;
  if (s.correctCategory && QUARANTINED_CATEGORIES.has(s.correctCategory)) return `Meta announced re-categorisation to ${s.correctCategory}`;
  return null;
}

/** Applies what Meta reports (sync listing or webhook) to the stored state; null = new template. */
export function applyRemote(current: TemplateState | null, remote: { status?: string; category?: string; correctCategory?: string | null; deleted?: boolean }): Outcome {
  const base: TemplateState = current ?? { status: remote.status ?? 'PENDING', category: remote.category ?? 'UTILITY', correctCategory: null, isActive: true, isQuarantined: false };
  const next: TemplateState = {
    status: remote.status ?? base.status,
    category: remote.category ?? base.category,
    correctCategory: remote.correctCategory !== undefined ? remote.correctCategory : base.correctCategory,
    isActive: remote.deleted ? false : remote.status !== undefined || remote.category !== undefined ? true : base.isActive,
    isQuarantined: base.isQuarantined,
  };
  const transitions: Transition[] = [];
  if (current) {
    if (next.category !== current.category) transitions.push({ field: 'category', oldValue: current.category, newValue: next.category });
    if (next.status !== current.status) transitions.push({ field: 'status', oldValue: current.status, newValue: next.status });
    if (next.isActive !== current.isActive) transitions.push({ field: 'active', oldValue: String(current.isActive), newValue: String(next.isActive), detail: next.isActive ? 'reappeared on Meta' : 'deleted on Meta' });
  }
  const reason = quarantineReason(next);
  const quarantinedNow = reason !== null && !next.isQuarantined;
  if (quarantinedNow) {
    next.isQuarantined = true;
    transitions.push({ field: 'quarantine', oldValue: 'false', newValue: 'true', detail: reason! });
  }
  return { next, transitions, quarantinedNow };
}

export function canUnquarantine(s: TemplateState): { ok: true } | { ok: false; reason: string } {
  if (!s.isQuarantined) return { ok: false, reason: 'the template is not quarantined' };
  if (s.category !== 'UTILITY') return { ok: false, reason: `only UTILITY templates can be released; this one is ${s.category}` };
  if (s.correctCategory && QUARANTINED_CATEGORIES.has(s.correctCategory)) return { ok: false, reason: `Meta is moving it to ${s.correctCategory}` };
  if (!s.isActive) return { ok: false, reason: 'the template was deleted on Meta' };
  return { ok: true };
}

/** Whether campaigns may pick the template. */
export const isSendable = (s: TemplateState) => s.isActive && !s.isQuarantined && s.status === 'APPROVED' && s.category === 'UTILITY';
