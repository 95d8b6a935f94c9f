import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { getFormatter, getTranslations, setRequestLocale } from 'next-intl/server';
import type { Locale } from '@/i18n/routing';
import { Link } from '@/i18n/navigation';
import { StaffShell } from '@/features/auth/components/StaffShell';
import { openResponseAs } from '@/features/responses/access';
import { TableScroll } from '@/components/TableScroll';
import { db } from '@/server/db';
import { guardPage } from '@/server/page-guard';
import { titleFrom } from '@/lib/page-title';

type Props = { params: Promise<{ locale: Locale; responseId: string }> };

export const generateMetadata = titleFrom('Responses', 'detailTitle');

/** A stored answer as text: a list joined, a grid as "row: answer" per row. */
const show = (value: unknown) =>
  Array.isArray(value)
    ? value.join(', ')
    : value !== null && typeof value === 'object'
      ? Object.entries(value).map(([row, v]) => `${row}: ${String(v)}`).join('; ')
      : String(value);

/** One response — only of the user's own Client (another Client's id answers 404, P5.5). Viewing is audited. */
export default async function ResponseDetailPage({ params }: Props) {
  const { locale, responseId } = await params;
  setRequestLocale(locale);
  const path = `/admin/responses/${responseId}`;
  const user = await guardPage(locale, path, 'admin', 'analyst');
  // Opening it writes the audit row (who looked at which response, never a value).
  const response = await openResponseAs(db, user, responseId);
  if (!response) notFound();
  const t = await getTranslations('Responses');
  const format = await getFormatter();
  return (
    <StaffShell user={user} path={path}>
      <p><Link href={{ pathname: '/admin/responses', query: { survey: response.survey.id } }}>{t('back')}</Link></p>
      <h1>{t('detailTitle')}</h1>
      <p>
        {response.survey.title[locale]} · {t(`statusName.${response.status}`)} · {response.locale} ·{' '}
        {format.dateTime(response.startedAt, { dateStyle: 'medium', timeStyle: 'short' })}
        {response.restricted ? ` · ${t('restricted')}` : ''}
      </p>
      <TableScroll label={t('detailTitle')}>
        <table className="data-table" data-testid="response-answers">
          <thead>
            <tr>
              <th scope="col">{t('question')}</th>
              <th scope="col">{t('answer')}</th>
              <th scope="col">{t('category')}</th>
              <th scope="col">{t('basis')}</th>
            </tr>
          </thead>
          <tbody>
            {response.answers.map((a) => (
              <tr key={a.question.key}>
                <td>{a.question.prompt[locale]}</td>
                {/* Respondent text is rendered as text, never as HTML. */}
                <td className="answer-text">{show(a.value)}</td>
                <td><code>{a.category}</code></td>
                <td><code>{a.lawfulBasis}</code></td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
    </StaffShell>
  );
}
