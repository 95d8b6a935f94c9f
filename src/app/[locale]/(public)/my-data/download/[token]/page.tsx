import { getTranslations, setRequestLocale } from 'next-intl/server';
import type { Locale } from '@/i18n/routing';
import { PageShell } from '@/components/ui/PageShell';
import { titleFrom } from '@/lib/page-title';

const PROBLEMS = ['invalid', 'expired', 'closed', 'gone', 'used_up'] as const;
const problemOf = (p: string | undefined) => PROBLEMS.find((k) => k === p);

export const generateMetadata = titleFrom('MyData', 'downloadTitle');

type Props = { params: Promise<{ locale: Locale; token: string }>; searchParams: Promise<{ problem?: string }> };

/** The link from the export mail: a page that explains, with the download behind a button. */
export default async function DownloadPage({ params, searchParams }: Props) {
  const { locale, token } = await params;
  setRequestLocale(locale);
  const problem = problemOf((await searchParams).problem);
  const t = await getTranslations('MyData');
  return (
    <PageShell path="/my-data">
      <h1>{t('downloadTitle')}</h1>
      {problem ? (
        <p role="alert" className="field-error" data-testid="link-problem">{t(`downloadProblems.${problem}`)}</p>
      ) : (
        <>
          <p>{t('downloadIntro')}</p>
          <p>
            <a className="button button-primary" href={`/api/my-data/download/${encodeURIComponent(token)}?locale=${locale}`} download data-testid="download-zip">
              {t('download')}
            </a>
          </p>
        </>
      )}
    </PageShell>
  );
}
