import { notFound } from 'next/navigation';
import { getFormatter, getTranslations, setRequestLocale } from 'next-intl/server';
import type { Locale } from '@/i18n/routing';
import { Link } from '@/i18n/navigation';
import { StaffShell } from '@/features/auth/components/StaffShell';
import { TableScroll } from '@/components/TableScroll';
import { rectifyAnswer, removeClientValue, subjectAction } from '@/features/dpo/actions';
import { viewSubjectAs } from '@/features/dpo/commands';
import { ActionButton, RectifyForm } from '@/features/dpo/components/DpoForms';
import { isEmptySubject, sameBrowserLeads, type HeldItem } from '@/features/dpo/subject';
import { parseSubjectHandle, resolveSubjectHandle, respondentsHandle, subjectPath } from '@/features/dpo/subject-handle';
import { db } from '@/server/db';
import { guardPage } from '@/server/page-guard';
import { titleFrom } from '@/lib/page-title';
import { CONSENT_PURPOSES } from '@/features/consent/categories';

export const generateMetadata = titleFrom('Dpo', 'subjectTitle');

type Props = { params: Promise<{ locale: Locale; kind: string; id: string }> };

const display = (value: unknown) =>
  value == null ? '—' : Array.isArray(value) ? value.join(', ') : typeof value === 'object' ? Object.entries(value).filter(([, v]) => v != null).map(([k, v]) => `${k}: ${typeof v === 'object' ? JSON.stringify(v) : String(v)}`).join(' · ') : String(value);

/** policy: P7.2, P14.1 — everything held about one subject, by category, and what the DPO can do about it. */
export default async function SubjectPage({ params }: Props) {
  const { locale, kind, id } = await params;
  setRequestLocale(locale);
  const handle = parseSubjectHandle(kind, id);
  const path = handle ? subjectPath(handle) : '/dpo';
  const user = await guardPage(locale, path, 'dpo');
  if (!handle) notFound();
  const subject = await resolveSubjectHandle(db, handle);
  if (!subject || isEmptySubject(subject)) notFound();
  const data = await viewSubjectAs(db, user, subject);
  const leads = await sameBrowserLeads(db, subject);
  const t = await getTranslations('Dpo');
  const format = await getFormatter();
  const when = (d: Date | null) => (d ? format.dateTime(d, { dateStyle: 'medium' }) : '—');
  const restricted = data.respondents.some((r) => r.restrictedAt);
  const objects = data.respondents.some((r) => r.objectsToSharingAt);
  const act = (a: Parameters<typeof subjectAction>[1]) => subjectAction.bind(null, handle, a);
  const categories = Object.entries(data.categories) as [string, HeldItem[]][];

  return (
    <StaffShell user={user} path={path}>
      <p>
        <Link href="/dpo">← {t('title')}</Link>
      </p>
      <h1>{t('subjectTitle')}</h1>
      <dl className="consent-status" data-testid="subject-summary">
        <div><dt>{t('respondentIds')}</dt><dd><code>{subject.respondentIds.join(', ') || '—'}</code></dd></div>
        <div><dt>{t('browsers')}</dt><dd>{subject.consentSubjectKeys.length}</dd></div>
        <div><dt>{t('processing')}</dt><dd>{restricted ? t('restricted') : t('notRestricted')}</dd></div>
        <div><dt>{t('sharing')}</dt><dd>{objects ? t('objects') : t('noObjection')}</dd></div>
      </dl>

      {/* policy: P7.2 — a shared browser is a lead to check, never part of the subject. */}
      {leads.length ? (
        <section className="card" aria-labelledby="leads-title" data-testid="same-browser-leads">
          <h2 id="leads-title">{t('leadsTitle')}</h2>
          <p>{t('leadsExplained')}</p>
          <ul>
            {leads.map((lead) => (
              <li key={lead.respondentId}>
                <Link href={subjectPath(respondentsHandle([lead.respondentId]))}><code>{lead.respondentId}</code></Link> · {t('leadStarted', { date: when(lead.startedAt) })} · <strong>{t('leadUnverified')}</strong>
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      <h2>{t('actions')}</h2>
      <div className="action-grid">
        <a className="button button-primary" href={`/api/dpo/subjects/${handle.kind}/${handle.id}/export`} download data-testid="export-zip">{t('exportZip')}</a>
        <ActionButton action={act(restricted ? 'unrestrict' : 'restrict')} label={restricted ? t('unrestrict') : t('restrict')} testId="restrict" />
        <ActionButton action={act(objects ? 'unobject' : 'object')} label={objects ? t('liftObjection') : t('recordObjection')} testId="object" />
        <Link className="button button-danger" href={`${path}/erase`}>{t('erase')}</Link>
      </div>
      {/* Irreversible one-click actions sit behind a disclosure: two deliberate clicks, never one. */}
      <details className="danger-zone">
        <summary>{t('withdrawConsent')}</summary>
        <p>{t('withdrawExplained')}</p>
        <ActionButton action={act('withdraw')} label={t('withdrawConsent')} danger testId="withdraw" />
      </details>
      <details className="danger-zone">
        <summary>{t('markMinor')}</summary>
        <p>{t('minorExplained')}</p>
        <ActionButton action={act('minor')} label={t('markMinor')} danger testId="minor" />
      </details>

      {categories.length === 0 ? <p>{t('nothingHeld')}</p> : null}
      {categories.map(([category, items]) => (
        <section key={category} data-testid={`category-${category}`}>
          <h2>{t(`categories.${category as 'answers'}`)} ({items.length})</h2>
          <TableScroll label={t(`categories.${category as 'answers'}`)}>
            <table className="data-table">
              <thead>
                <tr>
                  <th scope="col">{t('field')}</th>
                  <th scope="col">{t('value')}</th>
                  <th scope="col">{t('basis')}</th>
                  <th scope="col">{t('source')}</th>
                  <th scope="col">{t('region')}</th>
                  <th scope="col">{t('collected')}</th>
                  <th scope="col">{t('deleteBy')}</th>
                </tr>
              </thead>
              <tbody>
                {items.map((item) => (
                  <tr key={item.ref.id}>
                    <td>{item.field ? <code>{item.field}</code> : t(`tables.${item.ref.table as 'UsageMetadata'}`)}</td>
                    <td className="pre-wrap">
                      {item.ref.table === 'Answer' && (category === 'contact' || category === 'demographic') ? (
                        <RectifyForm action={rectifyAnswer.bind(null, handle, item.ref.id)} current={display(item.value)} label={`${t('rectify')} ${item.field}`} />
                      ) : item.ref.table === 'ClientDatum' ? (
                        <>
                          {display(item.value)}{' '}
                          <ActionButton action={removeClientValue.bind(null, handle, item.ref.id)} label={`${t('removeClientValue')} ${item.field}`} testId="remove-client-value" />
                        </>
                      ) : (
                        display(item.value)
                      )}
                    </td>
                    <td>{t(`bases.${item.lawfulBasis}`)}{item.ref.consentId ? <> · <code>{item.ref.consentId}</code></> : null}</td>
                    <td>{item.source ? `${item.source.client} · ${item.source.upload ? t('upload', { file: item.source.upload.file, date: when(item.source.upload.uploadedAt) }) : item.source.survey}` : t('service')}</td>
                    <td>{item.storageRegion}</td>
                    <td>{when(item.collectedAt)}</td>
                    <td>{item.deleteBy ? when(item.deleteBy) : t('onAbandon')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        </section>
      ))}

      <h2>{t('consentHistory')}</h2>
      <TableScroll label={t('consentHistory')}>
        <table className="data-table" data-testid="consent-history">
          <thead>
            <tr>
              <th scope="col">{t('when')}</th>
              <th scope="col">{t('consentId')}</th>
              <th scope="col">{t('method')}</th>
              <th scope="col">{t('granted')}</th>
              <th scope="col">{t('policyVersion')}</th>
            </tr>
          </thead>
          <tbody>
            {data.consents.map((c) => (
              <tr key={c.id}>
                <td>{format.dateTime(c.createdAt, { dateStyle: 'medium', timeStyle: 'short' })}</td>
                <td><code>{c.id}</code></td>
                <td>{t(`methods.${c.method}`)}</td>
                <td>{CONSENT_PURPOSES.filter((k) => c[k]).map((k) => t(`consentCategories.${k}`)).join(', ') || t('none')}</td>
                <td>{c.policyVersion}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>

      {data.publicationPermissions.length ? (
        <>
          <h2>{t('publication')}</h2>
          <ul>
            {data.publicationPermissions.map((p) => (
              <li key={p.answerId}>
                {p.survey} · <code>{p.field}</code> · {t('grantedOn', { date: when(p.grantedAt) })}
                {p.revokedAt ? ` · ${t('revokedOn', { date: when(p.revokedAt) })}` : ''}
              </li>
            ))}
          </ul>
        </>
      ) : null}

      {data.requests.length ? (
        <>
          <h2>{t('requestsOfSubject')}</h2>
          <ul>
            {data.requests.map((r) => (
              <li key={r.id}>
                <Link href={`/dpo/requests/${r.id}`}>{t(`types.${r.type}`)}</Link> · {t(`statuses.${r.status}`)} · {when(r.receivedAt)}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </StaffShell>
  );
}
