/**
 * How a subject appears in a DPO page's address: by pseudonymous ids — the respondent ids a search
 * found (comma-separated), or a consent id — never by an email or phone number, which would end up
 * in logs and browser history.
 */
export const SUBJECT_HANDLE_KINDS = ['respondent', 'consent'] as const;
export type SubjectHandle = { kind: (typeof SUBJECT_HANDLE_KINDS)[number]; id: string };

export function subjectPath(handle: SubjectHandle) {
  return `/dpo/subjects/${handle.kind}/${handle.id}`;
}

export function respondentsHandle(respondentIds: string[]): SubjectHandle {
  return { kind: 'respondent', id: respondentIds.slice(0, 50).join(',') };
}

export function parseSubjectHandle(kind: string, id: string): SubjectHandle | null {
  return (SUBJECT_HANDLE_KINDS as readonly string[]).includes(kind) && /^[A-Za-z0-9_-]{1,64}(,[A-Za-z0-9_-]{1,64}){0,49}$/.test(id) ? { kind: kind as SubjectHandle['kind'], id } : null;
}
