import type { ReactNode } from 'react';
import { NextIntlClientProvider } from 'next-intl';

/** Staff pages' client components (forms of the back office) get every message namespace. */
export default function StaffLayout({ children }: { children: ReactNode }) {
  return <NextIntlClientProvider>{children}</NextIntlClientProvider>;
}
