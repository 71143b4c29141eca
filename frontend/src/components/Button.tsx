import type { ButtonHTMLAttributes } from 'react';

const VARIANTS = {
  primary: 'bg-emerald-600 text-white shadow-xs hover:bg-emerald-700',
  secondary: 'border border-neutral-300 bg-white text-neutral-700 shadow-xs hover:bg-neutral-50',
  danger: 'bg-red-600 text-white shadow-xs hover:bg-red-700',
  ghost: 'text-neutral-600 hover:bg-neutral-100 hover:text-neutral-900',
};

type Props = ButtonHTMLAttributes<HTMLButtonElement> & { variant?: keyof typeof VARIANTS };

export function Button({ variant = 'secondary', className = '', type = 'button', ...props }: Props) {
  return (
    <button
      type={type}
      className={`inline-flex items-center justify-center gap-1.5 rounded-md px-3 py-1.5 text-sm font-medium disabled:cursor-not-allowed disabled:opacity-50 ${VARIANTS[variant]} ${className}`}
      {...props}
    />
  );
}
