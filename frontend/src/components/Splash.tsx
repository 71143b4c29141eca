import type { ReactNode } from 'react';

/** Full-screen centred message while the app boots (or cannot). */
export function Splash({ children }: { children?: ReactNode }) {
  return (
    <div className="flex min-h-dvh items-center justify-center bg-neutral-50 p-6 text-center text-sm text-neutral-600">
      <div role={children ? 'alert' : 'status'}>{children ?? 'Loading…'}</div>
    </div>
  );
}
