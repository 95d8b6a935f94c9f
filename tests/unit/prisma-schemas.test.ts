import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PROVIDERS, renderSchema } from '../../scripts/build-schemas';

describe('generated Prisma schemas', () => {
  it.each(PROVIDERS)('prisma/%s/schema.prisma matches prisma/models.prisma (run npm run db:schema)', (provider) => {
    expect(readFileSync(`prisma/${provider}/schema.prisma`, 'utf8')).toBe(renderSchema(provider));
  });
});
