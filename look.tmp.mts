import { chromium } from '@playwright/test';
import http from 'node:http';
const base = 'http://localhost:3300';
const SID = 'cmx7vgdco000w3i7dmiu7uhkd';
// A stand-in panel: records where respondents come back.
const hits: string[] = [];
const panel = http.createServer((req, res) => { hits.push(req.url!); res.end('panel: welcome back'); }).listen(3399);
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
await page.goto(`${base}/en/admin/surveys/${SID}/fieldwork`);
await page.screenshot({ path: `/tmp/shots/fieldwork-en.png`, fullPage: true });
// bad inputs first
await page.locator('#fieldwork-returnUrlComplete').fill('https://{{pid}}.evil.example/');
await page.locator('#fieldwork-closesAt').fill('2020-01-01T10:00');
await page.locator('#fieldwork-opensAt').fill('2021-01-01T10:00');
await page.getByRole('button', { name: 'Save fieldwork settings' }).click();
await page.waitForTimeout(1500);
await page.screenshot({ path: `/tmp/shots/fieldwork-en-errors.png`, fullPage: true });
await page.goto(`${base}/en/admin/surveys/${SID}/fieldwork`);
await page.locator('#fieldwork-returnUrlComplete').fill('http://localhost:3399/back?status=complete&id={{pid}}');
await page.locator('#fieldwork-returnUrlScreenedOut').fill('http://localhost:3399/back?status=screenout&id={{pid}}');
await page.locator('#fieldwork-returnUrlQuotaFull').fill('http://localhost:3399/back?status=quotafull&id={{pid}}');
await page.locator('#fieldwork-closesAt').fill('2027-01-31T18:00');
await page.getByRole('button', { name: 'Save fieldwork settings' }).click();
await page.getByText('Saved.').first().waitFor();
await page.locator('#fieldwork-name').fill('Over 55');
await page.locator('#quota-condition').fill('age_band = 55_plus');
await page.locator('#fieldwork-limit').fill('1');
await page.getByRole('button', { name: 'Add a quota' }).click();
await page.waitForTimeout(1500);
await page.screenshot({ path: `/tmp/shots/fieldwork-en-saved.png`, fullPage: true });
await page.goto(`${base}/az/admin/surveys/${SID}/fieldwork`);
await page.screenshot({ path: `/tmp/shots/fieldwork-az.png`, fullPage: true });

async function respondent(lang: 'en' | 'az', js: boolean, age: string, buys: string, pid: string) {
  const c = await browser.newContext({ javaScriptEnabled: js, viewport: { width: 390, height: 900 } });
  const p = await c.newPage();
  await p.goto(`${base}/${lang}/s/coffee-habits?pid=${pid}`);
  await p.screenshot({ path: `/tmp/shots/${pid}-intro.png`, fullPage: true });
  await p.locator('form button[type=submit]').last().click();
  await p.waitForSelector('input[name=gender]');
  await p.locator('input[name=gender][value=male]').check();
  await p.locator(`input[name=age_band][value="${age}"]`).check();
  await p.locator(`input[name=buys_coffee][value=${buys}]`).check();
  await p.locator('button[name=intent][value=next]').click();
  await p.waitForLoadState('load');
  if (await p.locator('input[name=where_buy]').count()) {
    await p.locator('input[name=where_buy][value=cafe]').check();
    await p.locator('input[name=cups_week][value="3_5"]').check();
    await p.locator('button[name=intent][value=finish]').click();
  }
  await p.waitForTimeout(600);
  await p.screenshot({ path: `/tmp/shots/${pid}-end.png`, fullPage: true });
  await p.waitForURL(/localhost:3399/, { timeout: 15000 }).catch(() => null);
  console.log(pid, p.url());
  await c.close();
}
await respondent('en', true, '55_plus', 'yes', 'P-1');
await respondent('az', false, '55_plus', 'yes', 'P-2');
await respondent('en', false, '25_34', 'no', 'P-3');
console.log(hits);
await page.goto(`${base}/en/admin/surveys/${SID}`);
await page.screenshot({ path: `/tmp/shots/report-en.png`, fullPage: true });
await page.goto(`${base}/az/admin/surveys/${SID}`);
await page.screenshot({ path: `/tmp/shots/report-az.png`, fullPage: true });
await browser.close();
panel.close();
