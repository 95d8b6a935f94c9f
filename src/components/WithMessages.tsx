import type { ReactNode } from 'react';
import type { Messages } from 'next-intl';
import { NextIntlClientProvider } from 'next-intl';
import { getMessages } from 'next-intl/server';
import { PUBLIC_CLIENT_NAMESPACES } from '@/i18n/client-namespaces';

/**
 * Gives the client components below it one more message namespace than public pages ship by
 * default (a nested provider replaces its parent's messages, so the public ones come along).
 */
export async function WithMessages({ namespace, children }: { namespace: keyof Messages; children: ReactNode }) {
  const messages = await getMessages();
  const picked = Object.fromEntries([...PUBLIC_CLIENT_NAMESPACES, namespace].map((ns) => [ns, messages[ns]]));
  return <NextIntlClientProvider messages={picked}>{children}</NextIntlClientProvider>;
}
