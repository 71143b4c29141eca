// Pure rules of the handover between bots and people (service.ts applies them).

/** When a pause that starts (or is refreshed by a human reply) at `now` ends by itself; null: never. */
export function botResumesAt(now: Date, idleMinutes: number | null): Date | null {
  return idleMinutes ? new Date(now.getTime() + idleMinutes * 60_000) : null;
}

/** Whether the bots stay silent in a conversation at `now`. */
export function botIsPaused(c: { bot_paused_at: Date | null; bot_resumes_at: Date | null }, now: Date): boolean {
  return !!c.bot_paused_at && (!c.bot_resumes_at || c.bot_resumes_at.getTime() > now.getTime());
}

// A customer asking for a person, in the words our first users' customers use: English, Hinglish
// and Hindi. Deliberately narrow: a message that merely mentions an "agent" or a "person" is a
// question for the bot; asking to talk to one, or only naming one, is a request.
const ALONE = /^(?:a\s+|an\s+)?(?:human|humans|person|real person|live agent|agent|operator|representative|customer care|customer service|support|insaan|इंसान|एजेंट)(?:\s+please|\s+pls|\s+plz)?[\s.!?]*$/iu;
const TALK = /\b(?:talk|speak|chat|connect|transfer|put)\b[^.?!]{0,30}\b(?:human|person|someone|somebody|agent|representative|executive|operator|staff|team member|real one|customer care)\b/iu;
const REAL = /\b(?:real|live|actual)\s+(?:human|person|agent|executive)\b/iu;
const WANT = /\b(?:want|need|get)\s+(?:a\s+|an\s+|to\s+)?(?:human|real person|live agent|representative|executive)\b/iu;
const HINGLISH = /\b(?:insaan|insan|kisi|aadmi|banda|executive|agent)\b[^.?!]{0,25}\b(?:baat|connect)\b|\bbaat\b[^.?!]{0,25}\b(?:insaan|insan|kisi|aadmi|executive|agent)\b/iu;
const HINDI = /(?:इंसान|किसी\s+व्यक्ति|एजेंट|प्रतिनिधि)[^।?!]{0,25}(?:बात|जोड़)|(?:बात|जोड़)[^।?!]{0,25}(?:इंसान|किसी\s+व्यक्ति|एजेंट|प्रतिनिधि)/u;

/** True when the customer's text asks to be handed to a person. */
export function asksForHuman(text: string): boolean {
  const t = text.normalize('NFKC').trim().replace(/\s+/g, ' ');
  if (!t || t.length > 300) return false; // a long message is about something; the bot answers it
  return ALONE.test(t) || TALK.test(t) || REAL.test(t) || WANT.test(t) || HINGLISH.test(t) || HINDI.test(t);
}
