import { NavLink } from 'react-router-dom';

// Notifications are reached through the bell in the top bar.
const ITEMS = [
  { to: '/', label: 'Home' },
  { to: '/channels', label: 'Channels' },
  { to: '/templates', label: 'Templates' },
  { to: '/campaigns', label: 'Campaigns' },
  { to: '/inbox', label: 'Inbox' },
  { to: '/canned-replies', label: 'Canned replies' },
  { to: '/rules', label: 'Rules' },
  { to: '/agents', label: 'Agents' },
  { to: '/leads', label: 'Leads' },
  { to: '/settings', label: 'Settings' },
];

export function NavList({ onNavigate }: { onNavigate?: () => void }) {
  return (
    <ul className="space-y-1">
      {ITEMS.map(({ to, label }) => (
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
          </NavLink>
        </li>
      ))}
    </ul>
  );
}
