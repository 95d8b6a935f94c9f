import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DELETION_REGISTER, NOT_PERSONAL, PURGED_BY_RULE_ONLY } from '@/features/deletion/register';
import { RETENTION_DAYS } from '@/features/retention/rules';

/**
 * P6.1 P7.2 — the deletion register (DESIGN.md convention 16) knows every table. A new Prisma model
 * must be put in the register (erasure, discard, minors, withdrawal and purge then honour it), be
 * purged by a retention rule only, or be declared free of personal data with a reason. Otherwise
 * this test fails — so no table of personal data can be forgotten by a deletion path or by retention.
 */
const models = [...readFileSync(path.resolve(import.meta.dirname, '../../prisma/models.prisma'), 'utf8').matchAll(/^model\s+(\w+)\s*\{/gm)].map((m) => m[1]!);
const registered = new Set(DELETION_REGISTER.map((e) => e.model));

describe('the deletion register', () => {
  it('reads the models', () => expect(models.length).toBeGreaterThan(15));

  for (const model of models) {
    it(`P6.1 ${model} is in the register, purged by a rule, or declared to hold no personal data`, () => {
      const places = [registered.has(model), model in PURGED_BY_RULE_ONLY, model in NOT_PERSONAL].filter(Boolean);
      expect(places, `${model}: add it to src/features/deletion/register.ts`).toHaveLength(1);
    });
  }

  it('P6.1 every table holding personal data has a retention rule with a period, or leaves with its parent', () => {
    for (const entry of DELETION_REGISTER) {
      if ('rule' in entry.retention) expect(RETENTION_DAYS, entry.model).toHaveProperty(entry.retention.rule);
      else expect(registered.has(entry.retention.withParent), entry.model).toBe(true);
    }
    for (const [model, rule] of Object.entries(PURGED_BY_RULE_ONLY)) expect(RETENTION_DAYS, model).toHaveProperty(rule);
  });

  it('names no model that does not exist', () => {
    for (const model of [...registered, ...Object.keys(PURGED_BY_RULE_ONLY), ...Object.keys(NOT_PERSONAL)]) expect(models).toContain(model);
  });
});
