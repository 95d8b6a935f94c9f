import { getTranslations, setRequestLocale } from 'next-intl/server';
import type { Locale } from '@/i18n/routing';
import { Link } from '@/i18n/navigation';
import { StaffShell } from '@/features/auth/components/StaffShell';
import { ClientForm } from '@/features/admin/components/ClientForm';
import { listClients } from '@/features/admin/queries';
import { TableScroll } from '@/components/TableScroll';
import { db } from '@/server/db';
import { guardPage } from '@/server/page-guard';
import { titleFrom } from '@/lib/page-title';

type Props = { params: Promise<{ locale: Locale }> };

export const generateMetadata = titleFrom('Admin', 'clientsTitle');

/** Admins manage Clients (tenants) and where their data is stored (P14.1). */
export default async function ClientsPage({ params }: Props) {
  const { locale } = await params;
  setRequestLocale(locale);
  const user = await guardPage(locale, '/admin/clients', 'admin');
  const t = await getTranslations('Admin');
  const clients = await listClients(db, user);
  return (
    <StaffShell user={user} path="/admin/clients">
      <h1>{t('clientsTitle')}</h1>
      <TableScroll label={t('clientsTitle')}>
        <table className="data-table" data-testid="clients-table">
          <thead>
            <tr>
              <th scope="col">{t('clientName')}</th>
              <th scope="col">{t('clientSlug')}</th>
              <th scope="col">{t('region')}</th>
              <th scope="col" className="num">{t('surveys')}</th>
              <th scope="col" className="num">{t('analysts')}</th>
            </tr>
          </thead>
          <tbody>
            {clients.map((c) => (
              <tr key={c.id}>
                <td><Link href={`/admin/clients/${c.id}`}>{c.name}</Link></td>
                <td><code>{c.slug}</code></td>
                <td>{t(`regions.${c.storageRegion as 'EU'}`)}</td>
                <td className="num">{c._count.surveys}</td>
                <td className="num">{c._count.analysts}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
      <ClientForm />
    </StaffShell>
  );
}
