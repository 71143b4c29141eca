import type { ReactNode } from 'react';

export type Tone = 'green' | 'amber' | 'red' | 'grey' | 'blue' | 'pink' | 'violet' | 'teal';

const TONES: Record<Tone, string> = {
  green: 'bg-emerald-50 text-emerald-800 ring-emerald-600/20',
  amber: 'bg-amber-50 text-amber-800 ring-amber-600/20',
  red: 'bg-red-50 text-red-700 ring-red-600/20',
  grey: 'bg-neutral-100 text-neutral-600 ring-neutral-500/20',
  blue: 'bg-sky-50 text-sky-800 ring-sky-600/20',
  pink: 'bg-pink-50 text-pink-800 ring-pink-600/20',
  violet: 'bg-violet-50 text-violet-800 ring-violet-600/20',
  teal: 'bg-teal-50 text-teal-800 ring-teal-600/20',
};

export function Badge({ tone = 'grey', title, testId, children }: { tone?: Tone; title?: string; testId?: string; children: ReactNode }) {
  return (
    <span data-testid={testId} title={title} className={`inline-flex items-center whitespace-nowrap rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${TONES[tone]}`}>
      {children}
    </span>
  );
}
