import type { ReactNode } from 'react';
import { ApiError } from '../api/client.ts';

/** The server's message for a failed request (ApiError.message), or nothing. */
export function ErrorNote({ error }: { error: Error | null | undefined }) {
  if (!error) return null;
  const requestId = error instanceof ApiError ? error.requestId : null;
  return (
    <p role="alert" title={requestId ? `Request ${requestId}` : undefined} className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700">
      {error.message}
    </p>
  );
}

export function SuccessNote({ children }: { children: ReactNode }) {
  return (
    <p role="status" className="rounded-md bg-emerald-50 px-3 py-2 text-sm text-emerald-800">
      {children}
    </p>
  );
}

/** A dashed box that says what is missing and what to do about it. */
export function EmptyState({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="rounded-lg border border-dashed border-neutral-300 bg-white p-8 text-center">
      <p className="text-sm font-medium text-neutral-700">{title}</p>
      {children && <div className="mt-1 text-sm text-neutral-500">{children}</div>}
    </div>
  );
}

export function Loading({ what = 'Loading…' }: { what?: string }) {
  return (
    <p role="status" className="py-6 text-center text-sm text-neutral-400">
      {what}
    </p>
  );
}
