import { useAgents, useSetAvailability, type Agent } from '../api/conversations.ts';
import { useMe } from '../api/queries.ts';

const DOT: Record<Agent['availability'], string> = { online: 'bg-emerald-500', away: 'bg-amber-400', offline: 'bg-neutral-300' };

/** The signed-in person's availability: only online people get conversations assigned automatically. */
export function AvailabilitySelect() {
  const me = useMe();
  const agents = useAgents();
  const set = useSetAvailability();
  const mine = agents.data?.find((a) => a.id === me.data?.user.id)?.availability;
  if (!mine) return null;
  const shown = set.isPending && set.variables ? set.variables : mine;
  return (
    <label className="hidden items-center gap-1.5 text-sm text-neutral-600 sm:flex" title="Only online people get conversations assigned automatically">
      <span aria-hidden className={`size-2 rounded-full ${DOT[shown]}`} />
      <select aria-label="Your availability" value={shown} onChange={(e) => set.mutate(e.target.value as Agent['availability'])} className="bg-transparent text-sm">
        <option value="online">Online</option>
        <option value="away">Away</option>
        <option value="offline">Offline</option>
      </select>
    </label>
  );
}
