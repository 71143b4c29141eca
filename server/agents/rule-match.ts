// Keyword rules, as pure functions: case-insensitive whole-word (or phrase) matching, AND/OR,
// and the winner when several match (highest priority, then number-specific, then oldest).

export interface Rule {
  id: string;
  number_id: string | null;
  keywords: string[];
  match_mode: 'any' | 'all';
  priority: number;
  is_enabled: boolean;
  created_at: Date | string;
}

/** Lower-cased, accents kept, runs of non-letters/digits turned into single spaces. */
export function normalizeText(text: string): string {
  return ` ${text.toLocaleLowerCase('en').normalize('NFC').replace(/[^\p{L}\p{N}]+/gu, ' ').trim()} `;
}

/** "price" matches "Price?" and "what's the price" but not "priceless"; phrases match as a whole. */
export function containsKeyword(normalizedText: string, keyword: string): boolean {
  const k = normalizeText(keyword);
  return k.trim() !== '' && normalizedText.includes(k);
}

export function ruleMatches(rule: Pick<Rule, 'keywords' | 'match_mode'>, normalizedText: string): boolean {
  const keywords = rule.keywords.filter((k) => k.trim() !== '');
  if (!keywords.length) return false;
  const hit = (k: string) => containsKeyword(normalizedText, k);
  return rule.match_mode === 'all' ? keywords.every(hit) : keywords.some(hit);
}

/** The rule that answers `text` on `numberId`, or null (then the agent answers). */
export function pickRule<R extends Rule>(rules: readonly R[], numberId: string, text: string): R | null {
  const normalized = normalizeText(text);
  let best: R | null = null;
  for (const r of rules) {
    if (!r.is_enabled || (r.number_id !== null && r.number_id !== numberId) || !ruleMatches(r, normalized)) continue;
    if (!best || outranks(r, best)) best = r;
  }
  return best;
}

function outranks(a: Rule, b: Rule): boolean {
  if (a.priority !== b.priority) return a.priority > b.priority;
  if ((a.number_id === null) !== (b.number_id === null)) return a.number_id !== null;
  return new Date(a.created_at).getTime() < new Date(b.created_at).getTime();
}
