import { getFormatter, getTranslations } from 'next-intl/server';
import type { Availability } from '@/features/survey/fieldwork';

/**
 * What the survey's intro says of its schedule and cap (fieldwork.ts), on the app's clock
 * (APP_TIME_ZONE, the i18n request config's time zone) with the zone named: when it opens, that it
 * closed or has all its responses, or until when it is open.
 */
export async function ScheduleNotice({ availability }: { availability: Availability }) {
  const t = await getTranslations('Survey');
  const format = await getFormatter();
  const when = (at: Date) => ({
    date: format.dateTime(at, { dateStyle: 'long' }),
    time: format.dateTime(at, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZoneName: 'short' }),
  });
  switch (availability.kind) {
    case 'not_yet_open':
      return <p className="notice" role="status" data-testid="schedule">{t('opensOn', when(availability.opensAt))}</p>;
    case 'closed':
      return <p className="notice" role="status" data-testid="schedule">{t('closedOn', when(availability.closedAt))}</p>;
    case 'full':
      return <p className="notice" role="status" data-testid="schedule">{t('full')}</p>;
    case 'open':
      return availability.closesAt ? <p data-testid="schedule">{t('openUntil', when(availability.closesAt))}</p> : null;
  }
}
