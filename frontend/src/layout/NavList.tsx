import { NavLink } from 'react-router-dom';
import { useRole } from '../api/team.ts';
import { InboxNavBadge } from './InboxNavBadge.tsx';

// Notifications are reached through the bell in the top bar. Agents see only what they may use.
const ITEMS = [
  { to: '/', label: 'Home' },
  { to: '/channels', label: 'Channels' },
  { to: '/templates', label: 'Templates' },
  { to: '/campaigns', label: 'Campaigns' },
  { to: '/inbox', label: 'Inbox', members: true },
  { to: '/canned-replies', label: 'Canned replies', members: true },
  { to: '/rules', label: 'Rules' },
  { to: '/agents', label: 'Agents' },
  { to: '/leads', label: 'Leads', members: true },
  { to: '/settings', label: 'Settings' },
];

export function NavList({ onNavigate }: { onNavigate?: () => void }) {
  const role = useRole();
  return (
    <ul className="space-y-1">
      {ITEMS.filter((item) => role === 'admin' || (role !== undefined && item.members)).map(({ to, label }) => (
        <li key={to}>
          <NavLink
            to={to}
            end={to === '/'}
            onClick={onNavigate}
            className={({ isActive }) =>
              `block rounded-md px-3 py-2 text-sm font-medium ${
                isActive ? 'bg-emerald-50 text-emerald-800' : 'text-neutral-600 hover:bg-neutral-100 hover:text-neutral-900'
              }`
            }
          >
            {label}
            {to === '/inbox' && <InboxNavBadge />}
          </NavLink>
        </li>
      ))}
    </ul>
  );
}
