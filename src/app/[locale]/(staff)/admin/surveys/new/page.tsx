import { getTranslations, setRequestLocale } from 'next-intl/server';
import type { Locale } from '@/i18n/routing';
import { StaffShell } from '@/features/auth/components/StaffShell';
import { listClients } from '@/features/admin/queries';
import { createSurvey } from '@/features/builder/actions';
import { SurveySettingsForm } from '@/features/builder/components/SurveySettingsForm';
import { db } from '@/server/db';
import { guardPage } from '@/server/page-guard';
import { titleFrom } from '@/lib/page-title';

export const generateMetadata = titleFrom('Builder', 'newTitle');

/** A new draft: admins choose the Client; an analyst's draft belongs to their own Client (P5.5). */
export default async function NewSurveyPage({ params }: { params: Promise<{ locale: Locale }> }) {
  const { locale } = await params;
  setRequestLocale(locale);
  const user = await guardPage(locale, '/admin/surveys/new', 'admin', 'analyst');
  const t = await getTranslations('Builder');
  const clients = user.role === 'admin' ? (await listClients(db, user)).map((c) => ({ id: c.id, name: c.name })) : null;
  return (
    <StaffShell user={user} path="/admin/surveys/new">
      <h1>{t('newTitle')}</h1>
      <SurveySettingsForm action={createSurvey.bind(null, locale)} create={{ clients }} submitLabel={t('create')} />
    </StaffShell>
  );
}
