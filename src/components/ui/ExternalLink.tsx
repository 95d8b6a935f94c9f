import type { ReactNode } from 'react';
import { getTranslations } from 'next-intl/server';

/**
 * policy: P12.1 — a link that leaves the service says so (visible text, not only an icon) and
 * gives the other site neither our page as referrer nor a handle on this window.
 */
export async function ExternalLink({ href, children }: { href: string; children: ReactNode }) {
  const t = await getTranslations('Common');
  return (
    <a href={href} rel="external noopener noreferrer" target="_blank" data-external="true" className="external-link">
      {children} <span className="external-note">{t('external')}</span>
    </a>
  );
}
