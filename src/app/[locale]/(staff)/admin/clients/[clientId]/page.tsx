import { notFound } from 'next/navigation';
import { getTranslations, setRequestLocale } from 'next-intl/server';
import type { Locale } from '@/i18n/routing';
import { Link } from '@/i18n/navigation';
import { StaffShell } from '@/features/auth/components/StaffShell';
import { deleteClient, updateClient } from '@/features/admin/actions';
import { ClientForm, DeleteClientForm } from '@/features/admin/components/ClientForm';
import { getClient } from '@/features/admin/queries';
import { PublicationFeedCard } from '@/features/publication/components/PublicationFeedCard';
import { db } from '@/server/db';
import { env } from '@/server/env';
import { publicBaseUrl } from '@/server/site-links';
import { guardPage } from '@/server/page-guard';
import { titleFrom } from '@/lib/page-title';

export const generateMetadata = titleFrom('Admin', 'editClient');

type Props = { params: Promise<{ locale: Locale; clientId: string }> };

/** Links shown to copy: absolute when the site's address is known, else relative (production without PUBLIC_URL). */
function siteBase() {
  try {
    return publicBaseUrl(env);
  } catch {
    return '';
  }
}

/** One Client: rename it, set its storage region while it holds no data (P14.1), remove it when empty; its publication feed (P3.3). */
export default async function ClientPage({ params }: Props) {
  const { locale, clientId } = await params;
  setRequestLocale(locale);
  const path = `/admin/clients/${clientId}`;
  const user = await guardPage(locale, path, 'admin');
  const client = await getClient(db, user, clientId);
  if (!client) notFound();
  const t = await getTranslations('Admin');
  const empty = client._count.surveys === 0 && client._count.analysts === 0;
  return (
    <StaffShell user={user} path={path}>
      <p>
        <Link href="/admin/clients">← {t('backToClients')}</Link>
      </p>
      <h1>
        {client.name} <code>{client.slug}</code>
      </h1>
      <p>
        {t('surveys')}: {client._count.surveys} · {t('analysts')}: {client._count.analysts}
      </p>
      <ClientForm
        action={updateClient.bind(null, client.id)}
        initial={{ name: client.name, storageRegion: client.storageRegion }}
        regionLocked={client._count.surveys > 0}
      />
      <PublicationFeedCard user={user} clientId={client.id} locale={locale} siteBase={siteBase()} />
      {empty ? <DeleteClientForm action={deleteClient.bind(null, locale, client.id)} /> : null}
    </StaffShell>
  );
}
