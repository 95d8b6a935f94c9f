/**
 * Audit actions the log names in words: above all who looked at or took whose data (GDPR
 * accountability). Any other action shows its code.
 */
export const NAMED_AUDIT_ACTIONS = [
  'response.viewed',
  'responses.exported',
  'report.viewed',
  'subject.searched',
  'subject.viewed',
  'subject.exported',
  'mail.outbox_read',
  'mail.sent_again',
  'mail.delivery_read',
  'support.viewed',
  'support.replied',
] as const;

export type NamedAuditAction = (typeof NAMED_AUDIT_ACTIONS)[number];

/** The message key of an action (`auditActions.<key>`), or null for one shown as its code. */
export function auditActionKey(action: string): string | null {
  return (NAMED_AUDIT_ACTIONS as readonly string[]).includes(action) ? action.replaceAll('.', '_') : null;
}
