/**
 * State-changing route handlers accept only requests whose Origin is this site (a cross-site
 * form or script cannot post here). Server actions get the same check from Next itself.
 */
export function isSameOrigin(request: Request): boolean {
  const origin = request.headers.get('origin');
  if (!origin) return false;
  const host = request.headers.get('x-forwarded-host') ?? request.headers.get('host');
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}
