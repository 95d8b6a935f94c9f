import type { Metadata } from 'next';
import { getFormatter, getTranslations, setRequestLocale } from 'next-intl/server';
import type { Locale } from '@/i18n/routing';
import { StaffShell } from '@/features/auth/components/StaffShell';
import { StaffForm } from '@/features/admin/components/StaffForm';
import { setStaffDisabled } from '@/features/admin/actions';
import { listClients, listStaff } from '@/features/admin/queries';
import { TableScroll } from '@/components/TableScroll';
import { db } from '@/server/db';
import { guardPage } from '@/server/page-guard';
import { titleFrom } from '@/lib/page-title';

type Props = { params: Promise<{ locale: Locale }> };

export const generateMetadata = titleFrom('Admin', 'usersTitle');

export default async function StaffPage({ params }: Props) {
  const { locale } = await params;
  setRequestLocale(locale);
  const user = await guardPage(locale, '/admin/users', 'admin');
  const t = await getTranslations('Admin');
  const ts = await getTranslations('Staff');
  const format = await getFormatter();
  const [staff, clients] = await Promise.all([listStaff(db, user), listClients(db, user)]);
  return (
    <StaffShell user={user} path="/admin/users">
      <h1>{t('usersTitle')}</h1>
      <TableScroll label={t('usersTitle')}>
        <table className="data-table" data-testid="staff-table">
          <thead>
            <tr>
              <th scope="col">{t('userName')}</th>
              <th scope="col">{t('userEmail')}</th>
              <th scope="col">{t('userRole')}</th>
              <th scope="col">{t('client')}</th>
              <th scope="col">{t('lastLogin')}</th>
              <th scope="col">{t('account')}</th>
            </tr>
          </thead>
          <tbody>
            {staff.map((s) => (
              <tr key={s.id}>
                <td>{s.name}</td>
                <td>{s.email}</td>
                <td>{ts(`role.${s.role}`)}</td>
                <td>{s.client?.name ?? t('noClient')}</td>
                <td>{s.lastLoginAt ? format.dateTime(s.lastLoginAt, { dateStyle: 'medium', timeStyle: 'short' }) : t('never')}</td>
                <td>
                  {s.disabledAt ? `${t('disabled')} · ` : null}
                  {s.id === user.id ? null : (
                    <form action={setStaffDisabled.bind(null, s.id, !s.disabledAt)} className="inline-form">
                      <button type="submit" className="link-button">{s.disabledAt ? t('enable') : t('disable')}</button>
                    </form>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
      <StaffForm clients={clients.map((c) => ({ id: c.id, name: c.name }))} />
    </StaffShell>
  );
}
