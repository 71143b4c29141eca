import type { ReactNode } from 'react';
import { Link, Navigate, Outlet } from 'react-router-dom';
import { useRole } from '../api/team.ts';
import { Loading } from '../components/Notes.tsx';
import { PageHeader } from '../components/PageHeader.tsx';

/**
 * Route guard for the admins' pages (channels, templates, campaigns, rules, agents, settings...):
 * an agent who opens one by its address gets a plain explanation instead of a page of 403s.
 */
export function AdminOnly() {
  const role = useRole();
  if (role === undefined) return <Loading />;
  if (role === 'admin') return <Outlet />;
  return (
    <>
      <PageHeader title="Admins only" description="Only admins can open this page." />
      <p className="text-sm text-neutral-600">
        Your role is <strong>{role}</strong>: you can use the inbox, leads and notifications. Ask an admin if you need more.
      </p>
      <Link to="/inbox" className="mt-3 inline-block text-sm font-medium text-emerald-700 hover:underline">
        Go to the inbox
      </Link>
    </>
  );
}

/** The start page: Home for admins, the inbox for agents (Home is about setup and campaigns). */
export function StartPage({ home }: { home: ReactNode }) {
  const role = useRole();
  if (role === undefined) return <Loading />;
  return role === 'admin' ? home : <Navigate to="/inbox" replace />;
}
