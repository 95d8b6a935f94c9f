import type { ReactNode } from 'react';

/**
 * A wide table scrolls inside this box on small screens instead of widening the page. The box is
 * focusable and named so keyboard users can scroll it too (WCAG 2.1.1; axe scrollable-region-focusable).
 */
export function TableScroll({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="table-scroll" role="region" aria-label={label} tabIndex={0}>
      {children}
    </div>
  );
}
