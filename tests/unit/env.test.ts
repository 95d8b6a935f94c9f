import { afterEach, describe, expect, it, vi } from 'vitest';

async function loadEnv(vars: Record<string, string | undefined>) {
  vi.resetModules();
  for (const [k, v] of Object.entries(vars)) vi.stubEnv(k, v as string);
  return import('@/server/env');
}

describe('environment', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });
  it('production refuses to start without a strong APP_SECRET', async () => {
    await expect(loadEnv({ NODE_ENV: 'production', APP_SECRET: undefined, NEXT_PHASE: '' })).rejects.toThrow(/APP_SECRET/);
    await expect(loadEnv({ NODE_ENV: 'production', APP_SECRET: 'too-short', NEXT_PHASE: '' })).rejects.toThrow(/APP_SECRET/);
    await expect(loadEnv({ NODE_ENV: 'production', APP_SECRET: 'sorgu-development-secret-not-for-production-use', NEXT_PHASE: '' })).rejects.toThrow(/APP_SECRET/);
  });
  it('production starts with a strong secret; development falls back to its own', async () => {
    const strong = 'x'.repeat(48);
    expect((await loadEnv({ NODE_ENV: 'production', APP_SECRET: strong, NEXT_PHASE: '' })).env.APP_SECRET).toBe(strong);
    expect((await loadEnv({ NODE_ENV: 'development', APP_SECRET: undefined })).env.APP_SECRET.length).toBeGreaterThanOrEqual(32);
  });
  it('APP_TIME_ZONE must be a time zone the runtime knows', async () => {
    await expect(loadEnv({ APP_TIME_ZONE: 'Mars/Olympus_Mons' })).rejects.toThrow(/APP_TIME_ZONE/);
    expect((await loadEnv({ APP_TIME_ZONE: 'Europe/Berlin' })).env.APP_TIME_ZONE).toBe('Europe/Berlin');
    expect((await loadEnv({ APP_TIME_ZONE: undefined })).env.APP_TIME_ZONE).toBe('Asia/Baku');
  });
});
