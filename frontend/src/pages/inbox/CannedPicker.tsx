import type { CannedReply } from '../../api/compose.ts';

/** The `/shortcut` being typed at the end of the text (after a space or at the start), or null. */
export function slashQuery(text: string): { query: string; start: number } | null {
  const m = /(^|\s)\/([a-z0-9_-]{0,32})$/i.exec(text);
  return m ? { query: m[2]!.toLowerCase(), start: m.index + m[1]!.length } : null;
}

export const matchingReplies = (items: CannedReply[], query: string) => items.filter((r) => r.shortcut.startsWith(query)).slice(0, 8);

/** The canned replies whose shortcut starts with what follows the `/`; the composer drives it with the keys. */
export function CannedPicker({ items, active, onPick }: { items: CannedReply[]; active: number; onPick: (r: CannedReply) => void }) {
  return (
    <ul role="listbox" aria-label="Canned replies" className="absolute bottom-full left-0 right-0 z-10 mb-1 max-h-64 overflow-y-auto rounded-md border border-neutral-200 bg-white py-1 shadow-lg">
      {items.length === 0 && <li className="px-3 py-2 text-sm text-neutral-500">No canned reply with that shortcut. Add them under Canned replies.</li>}
      {items.map((r, i) => (
        <li
          key={r.id}
          role="option"
          aria-selected={i === active}
          data-testid="canned-option"
          // mousedown, not click: the textarea keeps its focus.
          onMouseDown={(e) => {
            e.preventDefault();
            onPick(r);
          }}
          className={`cursor-pointer px-3 py-1.5 text-sm ${i === active ? 'bg-emerald-50' : 'hover:bg-neutral-50'}`}
        >
          <span className="font-mono font-medium text-emerald-800">/{r.shortcut}</span>
          <span className="ml-2 text-neutral-600">{(r.filled ?? r.body).slice(0, 120)}</span>
        </li>
      ))}
    </ul>
  );
}
