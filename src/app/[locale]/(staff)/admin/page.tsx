import type { Metadata } from 'next';
import { getTranslations, setRequestLocale } from 'next-intl/server';
import type { Locale } from '@/i18n/routing';
import { Link } from '@/i18n/navigation';
import { StaffShell } from '@/features/auth/components/StaffShell';
import { listSurveysForStaff } from '@/features/builder/queries';
import { TableScroll } from '@/components/TableScroll';
import { db } from '@/server/db';
import { guardPage } from '@/server/page-guard';
import { titleFrom } from '@/lib/page-title';

type Props = { params: Promise<{ locale: Locale }> };

export const generateMetadata = titleFrom('Admin', 'surveysTitle');

/** policy: P5.5 — admins see every survey, an analyst only their Client's. */
export default async function AdminSurveysPage({ params }: Props) {
  const { locale } = await params;
  setRequestLocale(locale);
  const user = await guardPage(locale, '/admin', 'admin', 'analyst');
  const t = await getTranslations('Admin');
  const tb = await getTranslations('Builder');
  const surveys = await listSurveysForStaff(db, user);
  return (
    <StaffShell user={user} path="/admin">
      <h1>{t('surveysTitle')}</h1>
      <p>
        <Link href="/admin/surveys/new" className="button button-primary">
          {tb('newSurvey')}
        </Link>
      </p>
      {surveys.length === 0 ? (
        <p data-testid="no-surveys">{t('noSurveys')}</p>
      ) : (
        <TableScroll label={t('surveysTitle')}>
          <table className="data-table" data-testid="surveys-table">
            <thead>
              <tr>
                <th scope="col">{t('surveysTitle')}</th>
                <th scope="col">{t('client')}</th>
                <th scope="col">{t('status')}</th>
                <th scope="col" className="num">{t('responses')}</th>
                <th scope="col" className="num">{t('completed')}</th>
              </tr>
            </thead>
            <tbody>
              {surveys.map((s) => (
                <tr key={s.id}>
                  <td>
                    <Link href={s.status === 'draft' ? `/admin/surveys/${s.id}/edit` : `/admin/surveys/${s.id}`}>
                      {s.title[locale] || s.title.az || s.title.en || s.slug}
                    </Link>
                  </td>
                  <td>{s.clientName}</td>
                  <td>{t(`surveyStatus.${s.status}`)}</td>
                  <td className="num">{s.responses}</td>
                  <td className="num">{s.completed}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
    </StaffShell>
  );
}
