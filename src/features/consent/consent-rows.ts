import type { Db } from '@/server/create-db';
import type { ConsentCategory } from './categories';

/**
 * The tables holding consent-based data, one per consent category, seen through the few
 * operations that erasure and retention need. Every one has `subjectKey` and `collectedAt`.
 */
export type ConsentRowTable = {
  findMany(args: { where: { collectedAt: { lt: Date } }; select: { id: true }; take: number }): Promise<{ id: string }[]>;
  deleteMany(args: { where: { id: { in: string[] } } | { subjectKey: string } }): Promise<{ count: number }>;
};

export function consentRowTables(db: Db): Record<ConsentCategory, ConsentRowTable> {
  return {
    usage: db.usageMetadata as unknown as ConsentRowTable,
    fraud: db.fraudSignal as unknown as ConsentRowTable,
    sessionAnalytics: db.sessionEvent as unknown as ConsentRowTable,
    location: db.locationFix as unknown as ConsentRowTable,
  };
}
