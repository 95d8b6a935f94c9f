import { getTranslations, setRequestLocale } from 'next-intl/server';
import type { Locale } from '@/i18n/routing';
import { PageShell } from '@/components/ui/PageShell';
import { WithMessages } from '@/components/WithMessages';
import { confirmMyDataRequest } from '@/features/my-data/actions';
import { ConfirmForm } from '@/features/my-data/components/MyDataForms';
import { peekVerification } from '@/features/my-data/self-service';
import { db } from '@/server/db';
import { titleFrom } from '@/lib/page-title';

export const generateMetadata = titleFrom('MyData', 'verifyTitle');

type Props = { params: Promise<{ locale: Locale; token: string }> };

/**
 * The link from the verification mail. Opening it changes nothing (mail scanners open links);
 * the button does.
 */
export default async function VerifyPage({ params }: Props) {
  const { locale, token } = await params;
  setRequestLocale(locale);
  const t = await getTranslations('MyData');
  const peek = await peekVerification(db, token);
  return (
    <PageShell path="/my-data">
      <h1>{t('verifyTitle')}</h1>
      {peek.status === 'valid' ? (
        <WithMessages namespace="MyData">
          {/* The prompt belongs to the button: once confirmed, only "Request received" remains. */}
          <ConfirmForm action={confirmMyDataRequest.bind(null, token)} intro={t('verifyIntro', { type: t(`types.${peek.type as 'access'}`) })} />
        </WithMessages>
      ) : (
        <p role="alert" className="field-error" data-testid="link-problem">{t(`linkProblems.${peek.status}`)}</p>
      )}
    </PageShell>
  );
}
