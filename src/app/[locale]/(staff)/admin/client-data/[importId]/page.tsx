import { notFound } from 'next/navigation';
import { getFormatter, getTranslations, setRequestLocale } from 'next-intl/server';
import type { Locale } from '@/i18n/routing';
import { Link } from '@/i18n/navigation';
import { StaffShell } from '@/features/auth/components/StaffShell';
import { getClientDataImportAs } from '@/features/client-data/import';
import { CSV_LIMITS } from '@/features/client-data/csv-rows';
import { db } from '@/server/db';
import { guardPage } from '@/server/page-guard';
import { staffByIds } from '@/server/audit';
import { titleFrom } from '@/lib/page-title';

export const generateMetadata = titleFrom('ClientData', 'title');

type Props = { params: Promise<{ locale: Locale; importId: string }> };
const ROW_ERRORS = ['missing_key_column', 'bad_column_name', 'duplicate_column', 'no_fields', 'too_many_fields', 'too_many_rows', 'column_count', 'invalid_email', 'invalid_phone', 'invalid_customer_id', 'duplicate_key', 'value_too_long', 'control_characters', 'csv_syntax', 'empty_file', 'no_rows'] as const;
type RowErrorCode = (typeof ROW_ERRORS)[number];

/** policy: P4.4 — what came of one upload: what was stored, or every bad line (and nothing stored). */
export default async function ClientDataImportPage({ params }: Props) {
  const { locale, importId } = await params;
  setRequestLocale(locale);
  const path = `/admin/client-data/${importId}`;
  const user = await guardPage(locale, path, 'admin', 'analyst');
  // Another Client's upload is indistinguishable from one that does not exist (P5.5).
  const upload = await getClientDataImportAs(db, user, importId);
  if (!upload) notFound();
  const t = await getTranslations('ClientData');
  const format = await getFormatter();
  const uploader = (await staffByIds(db, [upload.uploadedById])).get(upload.uploadedById);
  const problem = (code: string) => t(`errors.${(ROW_ERRORS as readonly string[]).includes(code) ? (code as RowErrorCode) : 'csv_syntax'}`);
  return (
    <StaffShell user={user} path={path}>
      <p>
        <Link href="/admin/client-data">← {t('backToUploads')}</Link>
      </p>
      <h1>
        {upload.client.name}: {upload.fileName}
      </h1>
      {upload.status === 'imported' ? (
        <p role="status" data-testid="client-data-imported">
          {t('resultImported', { rows: upload.rowCount, matched: upload.matchedRows, values: upload._count.data })}
        </p>
      ) : (
        <>
          <p role="alert" className="field-error" data-testid="client-data-rejected">
            {t('resultRejected', { count: upload.errors.length })}
          </p>
          {upload.errors.length >= CSV_LIMITS.reportedErrors ? <p className="field-hint">{t('errorsMore')}</p> : null}
          <table className="data-table" data-testid="client-data-errors">
            <thead>
              <tr>
                <th scope="col" className="num">{t('line')}</th>
                <th scope="col">{t('column')}</th>
                <th scope="col">{t('problem')}</th>
              </tr>
            </thead>
            <tbody>
              {upload.errors.map((e, i) => (
                <tr key={i}>
                  <td className="num">{e.line}</td>
                  <td>{e.column ?? ''}</td>
                  <td>{problem(e.code)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
      <dl className="consent-status">
        <dt>{t('matchKey')}</dt>
        <dd>{t(`matchKeyShort.${upload.matchKey}`)}</dd>
        <dt>{t('fields')}</dt>
        <dd>{upload.fields.join(', ') || '—'}</dd>
        <dt>{t('storageRegion')}</dt>
        <dd>{upload.storageRegion}</dd>
        <dt>{t('uploadedBy')}</dt>
        <dd>
          {uploader?.name ?? '—'} · {format.dateTime(upload.uploadedAt, { dateStyle: 'medium', timeStyle: 'short' })}
        </dd>
      </dl>
    </StaffShell>
  );
}
