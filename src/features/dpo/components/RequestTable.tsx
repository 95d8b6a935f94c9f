import { getFormatter, getTranslations } from 'next-intl/server';
import { Link } from '@/i18n/navigation';
import { TableScroll } from '@/components/TableScroll';
import { daysLeft } from '../deadlines';

type Row = { id: string; type: string; channel: string; status: string; receivedAt: Date; due: Date; dueAt: Date; extendedDueAt: Date | null; overdue: boolean; respondentIds: string[] };

/** Requests by due date; an overdue one says so in words (not only in colour). */
export async function RequestTable({ requests, now, label, testId }: { requests: Row[]; now: Date; label: string; testId: string }) {
  const t = await getTranslations('Dpo');
  const format = await getFormatter();
  const day = (d: Date) => format.dateTime(d, { dateStyle: 'medium' });
  return (
    <TableScroll label={label}>
      <table className="data-table" data-testid={testId}>
        <thead>
          <tr>
            <th scope="col">{t('due')}</th>
            <th scope="col">{t('type')}</th>
            <th scope="col">{t('status')}</th>
            <th scope="col">{t('received')}</th>
            <th scope="col">{t('channel')}</th>
            <th scope="col" className="num">{t('respondentsFound')}</th>
          </tr>
        </thead>
        <tbody>
          {requests.map((r) => (
            <tr key={r.id} className={r.overdue ? 'overdue' : undefined}>
              <td>
                <Link href={`/dpo/requests/${r.id}`}>{day(r.due)}</Link>
                {r.extendedDueAt ? ` (${t('extended')})` : ''}
                {r.overdue ? <strong className="badge badge-danger"> {t('overdueBy', { days: -daysLeft(r, now) })}</strong> : null}
              </td>
              <td>{t(`types.${r.type as 'access'}`)}</td>
              <td>{t(`statuses.${r.status as 'open'}`)}</td>
              <td>{day(r.receivedAt)}</td>
              <td>{t(`channels.${r.channel as 'email'}`)}</td>
              <td className="num">{r.respondentIds.length}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}
