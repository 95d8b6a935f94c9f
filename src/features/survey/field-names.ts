/**
 * Form-field names shared by the server schemas and the client form (kept free of imports so
 * the client bundle does not pull in zod).
 */
/** The fixed columns of a response export (responses/codebook.ts): no question key may take their name. */
export const EXPORT_COLUMNS: readonly string[] = ['response_id', 'locale', 'started_at', 'completed_at', 'display_order', 'outcome'];

/** The permission checkbox that goes with a publishable comment: `<key>__publish` (P3.3). */
export const PUBLISH_SUFFIX = '__publish';
export const publishFieldOf = (key: string) => `${key}${PUBLISH_SUFFIX}`;

/** A grid's row: `<key>.<row>` (a question key never holds a dot, so the split is unambiguous). */
export const gridFieldOf = (key: string, row: string) => `${key}.${row}`;
export function splitGridField(name: string): [string, string] | [null, null] {
  const dot = name.indexOf('.');
  return dot > 0 ? [name.slice(0, dot), name.slice(dot + 1)] : [null, null];
}

/** A grid's answer: an object of row → value (neither a list nor null), as posted or stored. */
export const isGridAnswer = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);
