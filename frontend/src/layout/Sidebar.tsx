import { Link } from 'react-router-dom';
import { NavList } from './NavList.tsx';

/** Desktop navigation; on small screens the top bar's menu shows the same links. */
export function Sidebar() {
  return (
    <aside className="sticky top-0 hidden h-dvh w-56 shrink-0 flex-col border-r border-neutral-200 bg-white md:flex">
      <Link to="/" className="flex h-14 items-center px-5 text-lg font-semibold tracking-tight text-neutral-900">
        Parley
      </Link>
      <nav aria-label="Main" className="flex-1 overflow-y-auto px-3 py-2">
        <NavList />
      </nav>
    </aside>
  );
}
