/**
 * Form-field names shared by the server schemas and the client form (kept free of imports so
 * the client bundle does not pull in zod).
 */
/** The permission checkbox that goes with a publishable comment: `<key>__publish` (P3.3). */
export const PUBLISH_SUFFIX = '__publish';
export const publishFieldOf = (key: string) => `${key}${PUBLISH_SUFFIX}`;
