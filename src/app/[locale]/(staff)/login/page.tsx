import type { Metadata } from 'next';
import { getTranslations, setRequestLocale } from 'next-intl/server';
import type { Locale } from '@/i18n/routing';
import { LanguageLinks } from '@/components/ui/LanguageLinks';
import { login } from '@/features/auth/actions';
import { LoginForm } from '@/features/auth/components/LoginForm';
import { homeFor } from '@/features/auth/roles';
import { redirect } from '@/i18n/navigation';
import { getCurrentUser } from '@/server/dal';
import { isSafePath } from '@/lib/safe-path';
import { titleFrom } from '@/lib/page-title';

type Props = { params: Promise<{ locale: Locale }>; searchParams: Promise<{ next?: string }> };

export const generateMetadata = titleFrom('Staff', 'loginTitle');

export default async function LoginPage({ params, searchParams }: Props) {
  const { locale } = await params;
  const { next } = await searchParams;
  setRequestLocale(locale);
  const user = await getCurrentUser();
  if (user) return redirect({ href: homeFor(user.role), locale });
  const t = await getTranslations('Staff');
  const tc = await getTranslations('Common');
  const safeNext = isSafePath(next) ? next : undefined;
  return (
    <>
      <header className="site-header">
        <span className="brand">
          {tc('appName')}
          <span className="brand-tagline">{t('backOffice')}</span>
        </span>
        <LanguageLinks href="/login" />
      </header>
      <main id="main" className="site-main">
        <h1>{t('loginTitle')}</h1>
        <LoginForm action={login.bind(null, locale)} next={safeNext} />
      </main>
    </>
  );
}
