import { notFound } from 'next/navigation';
import { getFormatter, getTranslations, setRequestLocale } from 'next-intl/server';
import type { Locale } from '@/i18n/routing';
import { Link } from '@/i18n/navigation';
import { StaffShell } from '@/features/auth/components/StaffShell';
import { loadVoucherCodes, markDelivered, runDraw } from '@/features/rewards/actions';
import { DrawForm, VoucherCodesForm } from '@/features/rewards/components/RewardForms';
import { rewardsOverviewAs } from '@/features/rewards/rewards';
import { db } from '@/server/db';
import { guardPage } from '@/server/page-guard';
import { titleFrom } from '@/lib/page-title';
import { draftTextSchema } from '@/lib/localized-text';

export const generateMetadata = titleFrom('Rewards', 'title');

type Props = { params: Promise<{ locale: Locale; surveyId: string }> };

/**
 * policy: P5.1, P5.2, P8.1 — an admin's view of a survey's rewards: load voucher codes, see who is
 * owed what, hand owed bonuses to the partner (recorded), mark deliveries, run the one draw.
 */
export default async function RewardsPage({ params }: Props) {
  const { locale, surveyId } = await params;
  setRequestLocale(locale);
  const path = `/admin/surveys/${surveyId}/rewards`;
  const user = await guardPage(locale, path, 'admin');
  const overview = await rewardsOverviewAs(db, user, surveyId);
  if (!overview) notFound();
  const t = await getTranslations('Rewards');
  const format = await getFormatter();
  const when = (d: Date) => format.dateTime(d, { dateStyle: 'medium', timeStyle: 'short' });
  const { survey, rewards, draw } = overview;
  const title = draftTextSchema.parse(survey.title)[locale];
  return (
    <StaffShell user={user} path={path}>
      <p>
        <Link href={`/admin/surveys/${surveyId}`}>← {title}</Link>
      </p>
      <h1>{t('title')}</h1>
      {!survey.rewardKind && !survey.sweepstakes ? <p>{t('none')}</p> : null}
      {survey.rewardKind ? (
        <dl className="consent-status">
          <dt>{t('offer')}</dt>
          <dd>{t(`kinds.${survey.rewardKind}`)}</dd>
          <dt>{t('partner')}</dt>
          <dd>{survey.rewardPartner ?? '—'}</dd>
        </dl>
      ) : null}

      {survey.rewardKind === 'voucher' ? (
        <section className="card" aria-labelledby="codes-heading">
          <h2 id="codes-heading">{t('codes')}</h2>
          <p data-testid="codes-count">{t('codesCount', { left: overview.codesLeft, used: overview.codesUsed })}</p>
          <VoucherCodesForm action={loadVoucherCodes.bind(null, surveyId)} />
        </section>
      ) : null}

      {survey.rewardKind === 'loyalty_bonus' && survey.rewardPartner ? (
        <form action={`/api/surveys/${surveyId}/rewards/handover`} method="post" className="card">
          <p className="field-hint">{t('handOverHint')}</p>
          <button type="submit" className="button button-secondary">{t('handOver', { partner: survey.rewardPartner })}</button>
        </form>
      ) : null}

      {survey.rewardKind ? (
        <>
          <h2>{t('rewardsTitle')}</h2>
          {rewards.length === 0 ? (
            <p>{t('noRewards')}</p>
          ) : (
            <div className="table-scroll">
              <table className="data-table" data-testid="rewards">
                <thead>
                  <tr>
                    <th scope="col">{t('reference')}</th>
                    <th scope="col">{t('kind')}</th>
                    <th scope="col">{t('earned')}</th>
                    <th scope="col">{t('status')}</th>
                  </tr>
                </thead>
                <tbody>
                  {rewards.map((r) => (
                    <tr key={r.id}>
                      <td><code>{r.id.slice(-8).toUpperCase()}</code></td>
                      <td>{t(`kinds.${r.kind}`)}</td>
                      <td>{when(r.createdAt)}</td>
                      <td>
                        {t(`statuses.${r.status}`)}
                        {r.handovers.map((h, i) => (
                          <span key={i} className="field-hint"> · {t('handedTo', { partner: h.partner, date: when(h.at) })}</span>
                        ))}
                        {r.status === 'sent' || r.status === 'handed_over' ? (
                          <form action={markDelivered.bind(null, r.id)} className="inline-form">
                            {' '}
                            <button type="submit" className="link-button">{t('markDelivered')}</button>
                          </form>
                        ) : null}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      ) : null}

      {survey.sweepstakes ? (
        <section className="card" aria-labelledby="draw-heading" data-testid="draw">
          <h2 id="draw-heading">{t('drawAdminTitle')}</h2>
          <p>{t('entries', { count: overview.entries })}</p>
          {draw ? (
            <>
              <p role="status" data-testid="draw-done">{t('drawDone', { date: when(draw.drawnAt), winners: draw.winnerCount, entries: draw.entryCount })}</p>
              <p className="field-hint" data-testid="draw-proof">{t('drawProof', { seed: draw.seed, digest: draw.entriesDigest })}</p>
            </>
          ) : (
            <DrawForm action={runDraw.bind(null, surveyId)} />
          )}
        </section>
      ) : null}
    </StaffShell>
  );
}
