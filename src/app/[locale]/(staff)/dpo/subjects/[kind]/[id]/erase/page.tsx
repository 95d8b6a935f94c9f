import { notFound } from 'next/navigation';
import { getTranslations, setRequestLocale } from 'next-intl/server';
import type { Locale } from '@/i18n/routing';
import { Link } from '@/i18n/navigation';
import { StaffShell } from '@/features/auth/components/StaffShell';
import { eraseSubject } from '@/features/dpo/actions';
import { EraseForm } from '@/features/dpo/components/DpoForms';
import { collectSubjectData, isEmptySubject, subjectScope } from '@/features/dpo/subject';
import { parseSubjectHandle, resolveSubjectHandle, subjectPath } from '@/features/dpo/subject-handle';
import { db } from '@/server/db';
import { guardPage } from '@/server/page-guard';
import { titleFrom } from '@/lib/page-title';

export const generateMetadata = titleFrom('Dpo', 'eraseTitle');

type Props = { params: Promise<{ locale: Locale; kind: string; id: string }> };

/** The confirmation step before an erasure: what will go, in numbers. */
export default async function EraseSubjectPage({ params }: Props) {
  const { locale, kind, id } = await params;
  setRequestLocale(locale);
  const handle = parseSubjectHandle(kind, id);
  const back = handle ? subjectPath(handle) : '/dpo';
  const user = await guardPage(locale, `${back}/erase`, 'dpo');
  if (!handle) notFound();
  const subject = await resolveSubjectHandle(db, handle);
  if (!subject || isEmptySubject(subject)) notFound();
  const data = await collectSubjectData(db, subject);
  const scope = await subjectScope(db, subject);
  const sharedBrowsers = scope.reach.keys.length - scope.own.keys.length;
  const t = await getTranslations('Dpo');
  return (
    <StaffShell user={user} path={`${back}/erase`}>
      <p>
        <Link href={back}>← {t('subjectTitle')}</Link>
      </p>
      <h1>{t('eraseTitle')}</h1>
      <p>{t('eraseIntro')}</p>
      <ul data-testid="erase-counts">
        {Object.entries(data.categories).map(([category, items]) => (
          <li key={category}>{t('eraseCount', { category: t(`categories.${category as 'answers'}`), count: items.length })}</li>
        ))}
        <li>{t('eraseConsents', { count: data.consents.length })}</li>
        <li>{t('eraseResponses', { count: data.responses.length })}</li>
        {sharedBrowsers > 0 ? <li>{t('eraseShared', { count: sharedBrowsers })}</li> : null}
      </ul>
      <p>{t('eraseKept')}</p>
      <EraseForm action={eraseSubject.bind(null, locale, handle)} />
    </StaffShell>
  );
}
