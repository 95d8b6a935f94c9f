import { chromium } from '@playwright/test';
const base = 'http://localhost:3300';
const SID = 'cmx7vgdco000w3i7dmiu7uhkd';
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
const creds = (await import('node:fs')).readFileSync('/tmp/look.log', 'utf8');
const adminPw = /admin\s+admin@sorgu\.test\s+(\S+)/.exec(creds)![1]!;
const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
const page = await ctx.newPage();
await page.goto(`${base}/en/login`);
await page.locator('#login-email').fill('admin@sorgu.test');
await page.locator('#login-password').fill(adminPw);
await page.getByRole('button', { name: 'Sign in' }).click();
await page.waitForURL(/admin$/);
async function set(v: Record<string, string>) {
  await page.goto(`${base}/en/admin/surveys/${SID}/fieldwork`);
  for (const [k, val] of Object.entries(v)) await page.locator(`#fieldwork-${k}`).fill(val);
  await page.getByRole('button', { name: 'Save fieldwork settings' }).click();
  await page.getByText('Saved.').first().waitFor();
}
async function shot(name: string) {
  for (const lang of ['en', 'az']) {
    const c = await browser.newContext({ viewport: { width: 390, height: 900 } });
    const p = await c.newPage();
    await p.goto(`${base}/${lang}/s/coffee-habits?pid=P-9`);
    await p.screenshot({ path: `/tmp/shots/${name}-${lang}.png`, fullPage: true });
    await c.close();
  }
}
await set({ opensAt: '2030-01-02T09:30', closesAt: '' }); await shot('notyet');
await set({ opensAt: '', closesAt: '2030-01-31T18:00' }); await shot('until');
await set({ closesAt: '2026-01-01T00:00' }); await shot('closed');
await set({ closesAt: '', maxResponses: '1' }); await shot('full');
await set({ maxResponses: '' });
await page.goto(`${base}/az/admin/surveys/${SID}/fieldwork`);
await page.screenshot({ path: `/tmp/shots/fieldwork-az.png`, fullPage: true });
await page.setViewportSize({ width: 390, height: 900 });
await page.goto(`${base}/en/admin/surveys/${SID}/fieldwork`);
await page.screenshot({ path: `/tmp/shots/fieldwork-en-390.png`, fullPage: true });
await browser.close();
