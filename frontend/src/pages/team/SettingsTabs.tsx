import { NavLink } from 'react-router-dom';

const TABS = [
  { to: '/settings', label: 'General' },
  { to: '/settings/team', label: 'Team' },
  { to: '/settings/audit', label: 'Audit log' },
];

/** The Settings pages: general settings, the team, and what admins did. */
export function SettingsTabs() {
  return (
    <nav aria-label="Settings" className="mb-4 flex gap-1 border-b border-neutral-200">
      {TABS.map(({ to, label }) => (
        <NavLink
          key={to}
          to={to}
          end
          className={({ isActive }) =>
            `-mb-px border-b-2 px-3 py-2 text-sm font-medium ${isActive ? 'border-emerald-600 text-emerald-800' : 'border-transparent text-neutral-500 hover:text-neutral-800'}`
          }
        >
          {label}
        </NavLink>
      ))}
    </nav>
  );
}
