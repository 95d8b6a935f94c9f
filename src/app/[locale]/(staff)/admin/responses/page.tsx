import type { Metadata } from 'next';
import { getFormatter, getTranslations, setRequestLocale } from 'next-intl/server';
import { z } from 'zod';
import type { Locale } from '@/i18n/routing';
import { Link } from '@/i18n/navigation';
import { StaffShell } from '@/features/auth/components/StaffShell';
import { listSurveysForStaff } from '@/features/builder/queries';
import { listResponses } from '@/features/responses/queries';
import { TableScroll } from '@/components/TableScroll';
import { db } from '@/server/db';
import { guardPage } from '@/server/page-guard';
import { env } from '@/server/env';
import { addDays, zonedStartOfDay } from '@/lib/dates';
import { titleFrom } from '@/lib/page-title';

type Props = { params: Promise<{ locale: Locale }>; searchParams: Promise<Record<string, string | undefined>> };

export const generateMetadata = titleFrom('Responses', 'title');

const filtersSchema = z.object({
  survey: z.string().max(40).optional().catch(undefined),
  status: z.enum(['in_progress', 'completed', 'abandoned', 'screened_out', 'quota_full']).optional().catch(undefined),
  from: z.iso.date().optional().catch(undefined),
  to: z.iso.date().optional().catch(undefined),
  locale: z.enum(['az', 'en']).optional().catch(undefined),
});

/** policy: P5.5 — responses of the user's own Client's surveys, filtered by survey, status, dates, language. */
export default async function ResponsesPage({ params, searchParams }: Props) {
  const { locale } = await params;
  setRequestLocale(locale);
  const user = await guardPage(locale, '/admin/responses', 'admin', 'analyst');
  const f = filtersSchema.parse(Object.fromEntries(Object.entries(await searchParams).filter(([, v]) => v)));
  const t = await getTranslations('Responses');
  const format = await getFormatter();
  const [surveys, { rows, total }] = await Promise.all([
    listSurveysForStaff(db, user),
    listResponses(db, user, {
      surveyId: f.survey,
      status: f.status,
      locale: f.locale,
      from: f.from ? zonedStartOfDay(f.from, env.APP_TIME_ZONE) : undefined,
      to: f.to ? zonedStartOfDay(addDays(f.to, 1), env.APP_TIME_ZONE) : undefined,
    }),
  ]);
  return (
    <StaffShell user={user} path="/admin/responses">
      <h1>{t('title')}</h1>
      <form method="get" className="filters" role="search">
        <div className="field">
          <label htmlFor="f-survey" className="field-label">{t('survey')}</label>
          <select id="f-survey" name="survey" defaultValue={f.survey ?? ''}>
            <option value="">{t('allSurveys')}</option>
            {surveys.map((s) => (
              <option key={s.id} value={s.id}>{s.title[locale]}</option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="f-status" className="field-label">{t('status')}</label>
          <select id="f-status" name="status" defaultValue={f.status ?? ''}>
            <option value="">{t('anyStatus')}</option>
            {(['completed', 'in_progress', 'screened_out', 'quota_full', 'abandoned'] as const).map((s) => (
              <option key={s} value={s}>{t(`statusName.${s}`)}</option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="f-from" className="field-label">{t('from')}</label>
          <input id="f-from" name="from" type="date" defaultValue={f.from} />
        </div>
        <div className="field">
          <label htmlFor="f-to" className="field-label">{t('to')}</label>
          <input id="f-to" name="to" type="date" defaultValue={f.to} />
        </div>
        <div className="field">
          <label htmlFor="f-locale" className="field-label">{t('locale')}</label>
          <select id="f-locale" name="locale" defaultValue={f.locale ?? ''}>
            <option value="">{t('anyLocale')}</option>
            <option value="az">Azərbaycanca</option>
            <option value="en">English</option>
          </select>
        </div>
        <button type="submit" className="button button-primary">{t('filter')}</button>
      </form>
      <p data-testid="responses-total">{t('total', { count: total })}</p>
      <TableScroll label={t('title')}>
        <table className="data-table" data-testid="responses-table">
          <thead>
            <tr>
              <th scope="col">{t('survey')}</th>
              <th scope="col">{t('status')}</th>
              <th scope="col">{t('locale')}</th>
              <th scope="col">{t('started')}</th>
              <th scope="col">{t('completedAt')}</th>
              <th scope="col" className="num">{t('answers')}</th>
              <th scope="col"><span className="visually-hidden">{t('open')}</span></th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.id}>
                <td>{r.surveyTitle[locale]}</td>
                <td>{t(`statusName.${r.status}`)}{r.restricted ? ` · ${t('restricted')}` : ''}</td>
                <td>{r.locale}</td>
                <td>{format.dateTime(r.startedAt, { dateStyle: 'medium', timeStyle: 'short' })}</td>
                <td>{r.completedAt ? format.dateTime(r.completedAt, { dateStyle: 'medium', timeStyle: 'short' }) : '—'}</td>
                <td className="num">{r.answers}</td>
                <td><Link href={`/admin/responses/${r.id}`}>{t('open')}</Link></td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
    </StaffShell>
  );
}
