import type { SVGProps } from 'react';

export function Icon({ d, ...props }: SVGProps<SVGSVGElement> & { d: string }) {
  return (
    <svg viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth={1.5} strokeLinecap="round" strokeLinejoin="round" aria-hidden="true" className="size-5" {...props}>
      <path d={d} />
    </svg>
  );
}

export const BellIcon = () => (
  <Icon d="M14.857 17.082a23.848 23.848 0 0 0 5.454-1.31A8.967 8.967 0 0 1 18 9.75V9A6 6 0 0 0 6 9v.75a8.967 8.967 0 0 1-2.312 6.022c1.733.64 3.56 1.085 5.455 1.31m5.714 0a24.255 24.255 0 0 1-5.714 0m5.714 0a3 3 0 1 1-5.714 0" />
);
export const MenuIcon = () => <Icon d="M3.75 6.75h16.5M3.75 12h16.5M3.75 17.25h16.5" />;
export const CloseIcon = () => <Icon d="M6 18 18 6M6 6l12 12" />;
