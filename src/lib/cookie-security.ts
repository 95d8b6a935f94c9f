/**
 * Whether the app's own cookies (consent, resume, completion) carry `Secure`: always in
 * production, whatever a proxy says — browsers keep Secure cookies on http://localhost, so a local
 * production build still works — and otherwise when the request came in over HTTPS.
 */
export function secureCookie(nodeEnv: string | undefined, forwardedProto: string | null | undefined): boolean {
  return nodeEnv === 'production' || forwardedProto?.split(',')[0]?.trim().toLowerCase() === 'https';
}
