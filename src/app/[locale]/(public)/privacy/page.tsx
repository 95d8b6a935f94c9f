import type { Metadata } from 'next';
import { getFormatter, getTranslations, setRequestLocale } from 'next-intl/server';
import type { Locale } from '@/i18n/routing';
import { Link } from '@/i18n/navigation';
import { PageShell } from '@/components/ui/PageShell';
import { PolicyText } from '@/features/consent/components/PolicyText';
import { getPolicyInForce } from '@/features/consent/policy-versions';
import { db } from '@/server/db';
import { titleFrom } from '@/lib/page-title';

type Params = { params: Promise<{ locale: Locale }> };

export const generateMetadata = titleFrom('Privacy', 'title');

/** policy: P1.1, P14.1, P15.1, P16.1 — the version in force, its controller, DPO and storage regions. */
export default async function PrivacyPage({ params }: Params) {
  const { locale } = await params;
  setRequestLocale(locale);
  const t = await getTranslations('Privacy');
  const tc = await getTranslations('Common');
  const format = await getFormatter();
  const policy = await getPolicyInForce(db);
  if (!policy) {
    return (
      <PageShell path="/privacy">
        <h1>{t('title')}</h1>
        <p>{t('unavailable')}</p>
      </PageShell>
    );
  }
  const { controller, dpo, storageRegions } = policy.contacts;
  return (
    <PageShell path="/privacy">
      <h1>{t('title')}</h1>
      <p data-testid="policy-version">
        {t('version', { version: policy.version, date: format.dateTime(policy.effectiveAt, { dateStyle: 'long' }) })}
      </p>
      {policy.version > 1 ? <p>{t('changes', { summary: policy.summary[locale] })}</p> : null}

      <section aria-labelledby="controller-title" className="card contact-card">
        <h2 id="controller-title">{t('controller')}</h2>
        <p>
          {controller.name}
          <br />
          {controller.address}
        </p>
        <h2 id="dpo-title">{t('dpo')}</h2>
        <p>
          {t('dpoEmail')}: <a href={`mailto:${dpo.email}`}>{dpo.email}</a>
        </p>
        <p>{t('dpoPost')}:</p>
        <ul>
          {dpo.addresses.map((address) => (
            <li key={address}>{address}</li>
          ))}
        </ul>
        <h2 id="regions-title">{t('regions')}</h2>
        <ul data-testid="storage-regions">
          {storageRegions.map((region) => (
            <li key={region}>{t(`region.${region}`)}</li>
          ))}
        </ul>
      </section>

      <p>
        <Link href="/cookies">{tc('cookiesLink')}</Link>
      </p>
      <h2>{t('fullText')}</h2>
      <PolicyText text={policy.text[locale]} />
    </PageShell>
  );
}
