import { useState } from 'react';
import { Link } from 'react-router-dom';
import { useAuth } from '../auth/AuthContext.ts';
import { CloseIcon, MenuIcon } from './icons.tsx';
import { LiveIndicator } from './LiveIndicator.tsx';
import { NavList } from './NavList.tsx';
import { NotificationBell } from './NotificationBell.tsx';
import { AvailabilitySelect } from './AvailabilitySelect.tsx';

export function TopBar() {
  const { user, signOut } = useAuth();
  const [menuOpen, setMenuOpen] = useState(false);
  return (
    <header className="sticky top-0 z-10 border-b border-neutral-200 bg-white/95 backdrop-blur">
      <div className="flex h-14 items-center gap-3 px-4 md:px-8">
        <button
          type="button"
          className="-ml-1 rounded-md p-1.5 text-neutral-600 hover:bg-neutral-100 md:hidden"
          aria-label={menuOpen ? 'Close menu' : 'Open menu'}
          aria-expanded={menuOpen}
          aria-controls="mobile-nav"
          onClick={() => setMenuOpen((open) => !open)}
        >
          {menuOpen ? <CloseIcon /> : <MenuIcon />}
        </button>
        <Link to="/" className="font-semibold tracking-tight md:hidden">
          Parley
        </Link>
        <div className="ml-auto flex items-center gap-4">
          <LiveIndicator />
          <AvailabilitySelect />
          <NotificationBell />
          <Link to="/account" title="Your account" className="hidden max-w-48 truncate text-sm text-neutral-600 hover:text-neutral-900 sm:block">
            {user?.email}
          </Link>
          <button type="button" onClick={() => void signOut()} className="text-sm font-medium text-neutral-600 hover:text-neutral-900">
            Sign out
          </button>
        </div>
      </div>
      {menuOpen && (
        <nav id="mobile-nav" aria-label="Main" className="border-t border-neutral-200 px-3 py-2 md:hidden">
          <NavList onNavigate={() => setMenuOpen(false)} />
        </nav>
      )}
    </header>
  );
}
