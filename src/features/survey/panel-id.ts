import { createHash } from 'node:crypto';
import type { QuestionDTO } from './queries';

/**
 * One response per panel respondent. A survey names the hidden field that carries the panel's id
 * of each respondent (Survey.panelIdKey, e.g. `pid`); the response keeps a digest of it
 * (Response.panelKey, unique per survey). Without this, someone screened out or over quota could
 * open the same panel link again, answer differently, and be reported back to the panel as
 * complete. Starting again with an id whose response is in progress continues it; with one that
 * finished, it leads back to that ending (drafts.ts startDraft).
 */
export function panelKeyOf(panelIdKey: string | null, hiddenFields: { question: Pick<QuestionDTO, 'key'>; value: string }[]): string | null {
  const value = panelIdKey ? hiddenFields.find((h) => h.question.key === panelIdKey)?.value : undefined;
  return value ? createHash('sha256').update(`panel-id:${value}`).digest('hex') : null;
}
