import { Suspense, type ReactNode } from 'react';
import { getLocale, getTranslations } from 'next-intl/server';
import { Link } from '@/i18n/navigation';
import { LanguageLinks } from '@/components/ui/LanguageLinks';
import { logout } from '../actions';
import { RefusalNotice } from './RefusalNotice';
import type { StaffUserDTO } from '@/server/authz';

/** The back office frame: who is signed in, what their role may open, sign out. */
export async function StaffShell({ user, path, children }: { user: StaffUserDTO; path: string; children: ReactNode }) {
  const t = await getTranslations('Staff');
  const tc = await getTranslations('Common');
  const locale = await getLocale();
  const links =
    user.role === 'admin'
      ? [['/admin', 'surveys'], ['/admin/responses', 'responses'], ['/admin/clients', 'clients'], ['/admin/client-data', 'clientData'], ['/admin/users', 'users'], ['/admin/audit', 'audit'], ['/admin/mailbox', 'mailbox'], ['/admin/support', 'support']]
      : user.role === 'analyst'
        ? [['/admin', 'surveys'], ['/admin/responses', 'responses'], ['/admin/client-data', 'clientData']]
        : [['/dpo', 'dpo']];
  return (
    <>
      <a className="skip-link" href="#main">
        {tc('skipToContent')}
      </a>
      <header className="site-header staff-header">
        <span className="brand">
          {tc('appName')}
          <span className="brand-tagline">{t('backOffice')}</span>
        </span>
        <nav aria-label={t('backOffice')}>
          <ul className="staff-nav">
            {links.map(([href, key]) => (
              <li key={href}>
                <Link href={href!} aria-current={path === href ? 'page' : undefined}>
                  {t(`nav.${key as 'surveys'}`)}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <div className="staff-user">
          <span>{t('signedInAs', { name: user.name, role: t(`role.${user.role}`) })}</span>
          <form action={logout.bind(null, locale)}>
            <button type="submit" className="link-button">
              {t('signOut')}
            </button>
          </form>
        </div>
        <LanguageLinks href={path} />
      </header>
      <main id="main" className="site-main staff-main">
        <Suspense>
          <RefusalNotice />
        </Suspense>
        {children}
      </main>
    </>
  );
}
