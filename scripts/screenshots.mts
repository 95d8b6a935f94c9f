/**
 * Screenshots of staff pages for a visual check (not a test): signs in as a demo user and saves
 * PNGs at desktop and phone widths in both languages.
 * Usage: tsx scripts/screenshots.mts <baseUrl> <role email | -> <outDir> <path> [path…]   (- : not signed in)
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { chromium } from '@playwright/test';

const [baseUrl = 'http://localhost:3000', email = 'admin@sorgu.test', outDir = '/tmp/shots', ...paths] = process.argv.slice(2);
const credentials = JSON.parse(readFileSync(path.resolve('data/demo-credentials.json'), 'utf8')) as Record<string, { email: string; password: string }[]>;
const password = email === '-' ? '' : credentials[path.resolve('data/sorgu.db')]?.find((c) => c.email === email)?.password;
if (password === undefined) throw new Error(`no demo password for ${email}`);

const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
for (const width of [1280, 390]) {
  const page = await (await browser.newContext({ viewport: { width, height: 900 } })).newPage();
  if (password) {
    await page.goto(`${baseUrl}/en/login`);
    await page.locator('#login-email').fill(email);
    await page.locator('#login-password').fill(password);
    await page.locator('form button[type="submit"]').click();
    await page.waitForURL((u) => !u.pathname.endsWith('/login'));
  }
  for (const locale of ['az', 'en']) {
    for (const p of paths) {
      await page.goto(`${baseUrl}/${locale}${p}`);
      const file = `${outDir}/${locale}${p.replaceAll('/', '_')}-${width}.png`;
      await page.screenshot({ path: file, fullPage: true });
      console.log(file);
    }
  }
}
await browser.close();
