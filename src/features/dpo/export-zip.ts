import { strToU8, zipSync } from 'fflate';
import { stringify } from 'csv-stringify/sync';
import { createTranslator } from 'next-intl';
import az from '../../../messages/az.json';
import en from '../../../messages/en.json';
import { neutralizeCell } from '@/features/responses/export';
import { subjectLocale, type HeldItem, type SubjectData } from './subject';

/**
 * policy: P7.2 — access and portability: one zip holding
 *   subject.json          the whole record, machine-readable (structure documented in the README)
 *   <category>.csv        one table per data category held (answers, contact, demographic, usage, …)
 *   consents.csv          the consent history
 *   publication.csv       comment publication permissions (P3.3), when there are any
 *   summary-<az|en>.txt   a short explanation in the subject's language
 * fflate builds the zip, csv-stringify the tables; every cell goes through the same CSV formula
 * neutralisation as the survey exports.
 */
export const EXPORT_FORMAT = { name: 'sorgu.subject-export', version: 1 } as const;

const cell = (value: unknown): string =>
  neutralizeCell(value == null ? '' : value instanceof Date ? value.toISOString() : typeof value === 'object' ? JSON.stringify(value) : String(value));

function csv(rows: Record<string, unknown>[]): string {
  const columns = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  return stringify(rows.map((r) => columns.map((c) => cell(r[c]))), { header: true, columns, bom: true });
}

/** One CSV row per held value: the facts first, then the value (an object's fields get a column each). */
function itemRow(item: HeldItem): Record<string, unknown> {
  const facts = {
    category: item.category,
    record: item.ref.table,
    field: item.field ?? '',
    lawful_basis: item.lawfulBasis,
    survey: item.source?.survey ?? '',
    client: item.source?.client ?? '',
    upload: item.source?.upload ? `${item.source.upload.file} (${item.source.upload.uploadedAt.toISOString()})` : '',
    storage_region: item.storageRegion,
    collected_at: item.collectedAt,
    delete_by: item.deleteBy,
    response_id: item.ref.responseId ?? '',
    consent_id: item.ref.consentId ?? '',
  };
  const value = item.value;
  if (value && typeof value === 'object' && !Array.isArray(value)) return { ...facts, ...Object.fromEntries(Object.entries(value).map(([k, v]) => [`value_${k}`, v])) };
  return { ...facts, value: Array.isArray(value) ? value.join('; ') : value };
}

export function exportDocument(data: SubjectData) {
  return { format: EXPORT_FORMAT.name, formatVersion: EXPORT_FORMAT.version, ...data };
}

export function summaryText(data: SubjectData, locale: 'az' | 'en'): string {
  const t = createTranslator({ locale, messages: locale === 'az' ? az : en, namespace: 'SubjectExport' });
  const lines = [t('heading'), '', t('generated', { at: data.generatedAt.toISOString().slice(0, 16).replace('T', ' ') }), ''];
  const categories = Object.entries(data.categories);
  if (categories.length === 0 && data.consents.length === 0) lines.push(t('nothingHeld'));
  for (const [category, items] of categories) lines.push(t('categoryLine', { category: t(`categories.${category as 'answers'}`), count: items.length }));
  lines.push(t('consentLine', { count: data.consents.length }));
  const regions = [...new Set(Object.values(data.categories).flat().map((i) => i.storageRegion))];
  if (regions.length) lines.push('', t('regions', { regions: regions.join(', ') }));
  lines.push('', t('files'), '', t('rights'));
  return lines.join('\n') + '\n';
}

export function buildSubjectZip(data: SubjectData): { bytes: Uint8Array; locale: 'az' | 'en'; files: string[] } {
  const locale = subjectLocale(data);
  const files: Record<string, Uint8Array> = {
    'subject.json': strToU8(JSON.stringify(exportDocument(data), null, 2)),
    [`summary-${locale}.txt`]: strToU8(summaryText(data, locale)),
    'consents.csv': strToU8(csv(data.consents.map(({ policyVersion, ...c }) => ({ ...c, policyVersion })))),
  };
  for (const [category, items] of Object.entries(data.categories)) files[`${category}.csv`] = strToU8(csv(items.map(itemRow)));
  if (data.publicationPermissions.length) files['publication.csv'] = strToU8(csv(data.publicationPermissions));
  // A fixed timestamp inside the zip would hide when it was made; fflate stamps each entry with `mtime`.
  const bytes = zipSync(Object.fromEntries(Object.entries(files).map(([name, content]) => [name, [content, { mtime: data.generatedAt }]])), { level: 6 });
  return { bytes, locale, files: Object.keys(files).sort() };
}
