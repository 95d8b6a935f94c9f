import { randomBytes } from 'node:crypto';

/**
 * A new row id for rows written without Prisma (src/server/sql.ts): like Prisma's cuid — "c", the
 * time in base 36 (ids sort roughly by creation), then 72 random bits — lower-case letters and
 * digits only, so every id pattern the app checks (boundArg.id) accepts it.
 */
export function newId(): string {
  const random = BigInt(`0x${randomBytes(9).toString('hex')}`).toString(36).padStart(14, '0');
  return `c${Date.now().toString(36)}${random}`;
}
