import 'server-only';
import type { Db } from '@/server/create-db';
import { auditEvent } from '@/server/audit';
import type { StaffUserDTO } from '@/server/authz';
import { getResponseDetail } from './queries';

/**
 * Staff opening one respondent's answers (GDPR accountability, Art. 5(2)): the read and its audit
 * row go together, so no screen can show a response without the log saying who looked at which
 * one — the response id only, never a value (P6.1). Out of the user's scope (or gone): null, and
 * nothing to log because nothing was seen.
 */
export async function openResponseAs(db: Db, user: StaffUserDTO, responseId: string) {
  const response = await getResponseDetail(db, user, responseId);
  if (!response) return null;
  await auditEvent(db, { actor: user.id, action: 'response.viewed', target: `response:${response.id}` });
  return response;
}
