import { getFormatter, getTranslations, setRequestLocale } from 'next-intl/server';
import type { Locale } from '@/i18n/routing';
import { Link } from '@/i18n/navigation';
import { StaffShell } from '@/features/auth/components/StaffShell';
import { MATCH_KEYS } from '@/features/client-data/csv-rows';
import { clientsForUploadAs, listClientDataImportsAs } from '@/features/client-data/import';
import { db } from '@/server/db';
import { guardPage } from '@/server/page-guard';
import { titleFrom } from '@/lib/page-title';

export const generateMetadata = titleFrom('ClientData', 'title');

type Props = { params: Promise<{ locale: Locale }>; searchParams: Promise<{ error?: string; ref?: string }> };
const FORM_ERRORS = ['no_file', 'too_large', 'invalid_choice', 'gone', 'unexpected'] as const;

/**
 * policy: P4.4, P5.5 — upload a Client's data about its customers (admins for any Client, an
 * analyst for their own) and see past uploads. The form posts to a route handler
 * (api/client-data/route.ts), so it works without JavaScript; the result has a page of its own.
 */
export default async function ClientDataPage({ params, searchParams }: Props) {
  const { locale } = await params;
  setRequestLocale(locale);
  const { error, ref } = await searchParams;
  const path = '/admin/client-data';
  const user = await guardPage(locale, path, 'admin', 'analyst');
  const [clients, uploads] = await Promise.all([clientsForUploadAs(db, user), listClientDataImportsAs(db, user)]);
  const t = await getTranslations('ClientData');
  const format = await getFormatter();
  const formError = FORM_ERRORS.find((code) => code === error);
  return (
    <StaffShell user={user} path={path}>
      <h1>{t('title')}</h1>
      <p>{t('intro')}</p>
      <form action="/api/client-data" method="post" encType="multipart/form-data" className="survey-form admin-form" data-testid="client-data-upload">
        <input type="hidden" name="locale" value={locale} />
        {formError ? (
          <p className="field-error" role="alert" data-testid="client-data-error">
            {t(`formErrors.${formError}`)} {formError === 'unexpected' && ref ? `(${ref})` : null}
          </p>
        ) : null}
        <p className="field-hint">{t('format')}</p>
        <div className="field">
          <label htmlFor="client-data-client" className="field-label">{t('client')}</label>
          {/* Data about one Client's customers must not land with another: an admin picks deliberately. */}
          <select id="client-data-client" name="clientId" defaultValue={clients.length === 1 ? clients[0]!.id : ''} required>
            {clients.length === 1 ? null : <option value="">{t('chooseClient')}</option>}
            {clients.map((c) => (
              <option key={c.id} value={c.id}>{c.name}</option>
            ))}
          </select>
        </div>
        <fieldset className="field">
          <legend className="field-label">{t('matchKey')}</legend>
          <div className="choices">
            {MATCH_KEYS.map((key, i) => (
              <label key={key} className="choice">
                <input type="radio" name="matchKey" value={key} defaultChecked={i === 0} />
                <span>{t(`matchKeys.${key}`)}</span>
              </label>
            ))}
          </div>
        </fieldset>
        <div className="field">
          <label htmlFor="client-data-file" className="field-label">{t('file')}</label>
          <input id="client-data-file" name="file" type="file" accept=".csv,text/csv" />
        </div>
        <button type="submit" className="button button-primary">{t('upload')}</button>
      </form>
      <h2>{t('uploads')}</h2>
      {uploads.length === 0 ? (
        <p>{t('noUploads')}</p>
      ) : (
        <div className="table-scroll">
          <table className="data-table" data-testid="client-data-uploads">
            <thead>
              <tr>
                <th scope="col">{t('uploadedAt')}</th>
                <th scope="col">{t('client')}</th>
                <th scope="col">{t('fileName')}</th>
                <th scope="col">{t('key')}</th>
                <th scope="col">{t('status')}</th>
                <th scope="col" className="num">{t('rows')}</th>
                <th scope="col" className="num">{t('matched')}</th>
                <th scope="col"><span className="visually-hidden">{t('open')}</span></th>
              </tr>
            </thead>
            <tbody>
              {uploads.map((u) => (
                <tr key={u.id}>
                  <td>{format.dateTime(u.uploadedAt, { dateStyle: 'medium', timeStyle: 'short' })}</td>
                  <td>{u.client.name}</td>
                  <td>{u.fileName}</td>
                  <td>{t(`matchKeyShort.${u.matchKey}`)}</td>
                  <td>{t(`statuses.${u.status}`)}</td>
                  <td className="num">{format.number(u.rowCount)}</td>
                  <td className="num">{format.number(u.matchedRows)}</td>
                  <td>
                    <Link href={`/admin/client-data/${u.id}`}>{t('open')}</Link>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </StaffShell>
  );
}
