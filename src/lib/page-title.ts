import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import type { Locale } from '@/i18n/routing';
import type en from '../../messages/en.json';

type Messages = typeof en;

/** `export const generateMetadata = titleFrom('Admin', 'surveysTitle')` — a page's localized <title>. */
export function titleFrom<N extends keyof Messages>(namespace: N, key: keyof Messages[N] & string) {
  return async ({ params }: { params: Promise<{ locale: Locale }> }): Promise<Metadata> => {
    const { locale } = await params;
    const t = (await getTranslations({ locale, namespace })) as unknown as (key: string) => string;
    return { title: t(key) };
  };
}
