'use client';

import { useSearchParams } from 'next/navigation';
import { useTranslations } from 'next-intl';

const KNOWN = ['not_a_draft'] as const;

/**
 * Says why a button did nothing: a staff button action that was refused (src/server/action.ts)
 * sends the browser back here with `?refused=<code>`. Known codes get their own sentence; any
 * other one the general "refused" sentence (the code is never shown raw).
 */
export function RefusalNotice() {
  const code = useSearchParams().get('refused');
  const t = useTranslations('Staff.refused');
  if (!code) return null;
  const key = (KNOWN as readonly string[]).includes(code) ? (code as (typeof KNOWN)[number]) : 'other';
  return (
    <p className="error-summary" role="alert" data-testid="refusal-notice">
      {t(key)}
    </p>
  );
}
