import { getTranslations } from 'next-intl/server';
import type { Locale } from '@/i18n/routing';
import { WithMessages } from '@/components/WithMessages';
import { db } from '@/server/db';
import { enterDraw } from '../actions';
import { incentiveStatus } from '../rewards';
import { DrawEntryForm } from './DrawEntryForm';

/**
 * policy: P8.1, P5.2 — on the thank-you page: what happens to the reward (or why there is none:
 * no email given — the answers count all the same), and the prize draw to enter by choice.
 */
export async function IncentivePanel({ responseId, slug, locale }: { responseId: string; slug: string; locale: Locale }) {
  const status = await incentiveStatus(db, responseId, slug);
  if (!status || (!status.rewardKind && !status.sweepstakes)) return null;
  const t = await getTranslations('Rewards');
  const rewardLine = !status.rewardKind
    ? null
    : !status.hasEmail
      ? t('noEmail')
      : status.rewardKind === 'loyalty_bonus'
        ? t('bonusOwed', { partner: status.partner ?? 'Sorğu' })
        : status.reward === 'owed'
          ? t('voucherOwed')
          : t('voucherSent');
  return (
    <section aria-label={t('title')} data-testid="incentives">
      {rewardLine ? <p data-testid="reward-status">{rewardLine}</p> : null}
      {status.sweepstakes ? (
        status.entered ? (
          <p role="status" data-testid="draw-entered">{t('drawEntered')}</p>
        ) : status.hasEmail ? (
          <WithMessages namespace="Rewards">
            <DrawEntryForm action={enterDraw.bind(null, slug, locale)} />
          </WithMessages>
        ) : (
          <p>{t('drawNeedsEmail')}</p>
        )
      ) : null}
    </section>
  );
}
