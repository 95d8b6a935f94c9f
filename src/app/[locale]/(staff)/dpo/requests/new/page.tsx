import { getTranslations, setRequestLocale } from 'next-intl/server';
import type { Locale } from '@/i18n/routing';
import { Link } from '@/i18n/navigation';
import { StaffShell } from '@/features/auth/components/StaffShell';
import { registerRequest } from '@/features/dpo/actions';
import { RegisterRequestForm } from '@/features/dpo/components/DpoForms';
import { guardPage } from '@/server/page-guard';
import { env } from '@/server/env';
import { todayIn } from '@/lib/dates';
import { titleFrom } from '@/lib/page-title';

export const generateMetadata = titleFrom('Dpo', 'registerTitle');

type Props = { params: Promise<{ locale: Locale }> };

/** policy: P7.2 — a request that arrived by mail, phone, post or in person goes into the register. */
export default async function NewRequestPage({ params }: Props) {
  const { locale } = await params;
  setRequestLocale(locale);
  const user = await guardPage(locale, '/dpo/requests/new', 'dpo');
  const t = await getTranslations('Dpo');
  return (
    <StaffShell user={user} path="/dpo/requests/new">
      <p>
        <Link href="/dpo">← {t('title')}</Link>
      </p>
      <h1>{t('registerTitle')}</h1>
      <p>{t('registerIntro')}</p>
      <RegisterRequestForm action={registerRequest.bind(null, locale)} today={todayIn(env.APP_TIME_ZONE)} />
    </StaffShell>
  );
}
