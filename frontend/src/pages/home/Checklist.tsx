import { useState } from 'react';
import { Link } from 'react-router-dom';
import { useChecklist } from '../../api/home.ts';
import { Button } from '../../components/Button.tsx';
import { ErrorNote } from '../../components/Notes.tsx';

/** Per browser and workspace: hiding is a preference, not workspace data. */
const hiddenKey = (workspaceId: string) => `parley.checklist-hidden.${workspaceId}`;

/** Getting started: the setup steps, each ticked from the server's data; hideable once all are done. */
export function Checklist({ workspaceId }: { workspaceId: string }) {
  const checklist = useChecklist();
  const [hidden, setHidden] = useState(() => localStorage.getItem(hiddenKey(workspaceId)) === '1');
  if (checklist.error) return <ErrorNote error={checklist.error} />;
  if (!checklist.data || (hidden && checklist.data.complete)) return null;
  const { items, complete } = checklist.data;
  const hide = () => {
    localStorage.setItem(hiddenKey(workspaceId), '1');
    setHidden(true);
  };
  return (
    <section aria-labelledby="checklist-title" className="mb-6 rounded-lg border border-neutral-200 bg-white p-5">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 id="checklist-title" className="text-sm font-semibold text-neutral-900">
          Getting started
          <span data-testid="checklist-progress" className="ml-2 font-normal text-neutral-500">
            {items.filter((i) => i.done).length} of {items.length} done
          </span>
        </h2>
        {complete && <Button onClick={hide}>Hide checklist</Button>}
      </div>
      <ol className="mt-3 grid gap-2 md:grid-cols-2">
        {items.map((item) => (
          <li key={item.key} data-testid="checklist-item" data-key={item.key} data-done={item.done}>
            <Link to={item.href} className="flex gap-3 rounded-md border border-neutral-100 p-3 hover:border-emerald-300 hover:bg-emerald-50/40">
              <span
                role="img"
                aria-label={item.done ? 'Done' : 'To do'}
                className={`mt-0.5 flex size-5 shrink-0 items-center justify-center rounded-full text-xs ${item.done ? 'bg-emerald-600 text-white' : 'border border-neutral-300 text-transparent'}`}
              >
                ✓
              </span>
              <span>
                <span className={`block text-sm font-medium ${item.done ? 'text-neutral-500 line-through' : 'text-neutral-900'}`}>{item.title}</span>
                <span className="block text-xs text-neutral-500">{item.detail}</span>
              </span>
            </Link>
          </li>
        ))}
      </ol>
    </section>
  );
}
