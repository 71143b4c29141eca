import { Navigate, Outlet, useLocation } from 'react-router-dom';
import { useAuth } from './AuthContext.ts';

/** Route guard: signed-out visitors go to /login?next=<where they were heading>. */
export function RequireAuth() {
  const { user } = useAuth();
  const { pathname, search, hash } = useLocation();
  if (user) return <Outlet />;
  const next = pathname + search + hash;
  return <Navigate to={next === '/' ? '/login' : `/login?next=${encodeURIComponent(next)}`} replace />;
}
