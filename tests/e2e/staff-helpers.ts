import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, type Page } from '@playwright/test';

export type StaffRoleKey = 'admin' | 'analystA' | 'analystB' | 'dpo';
export const STAFF_EMAIL: Record<StaffRoleKey, string> = {
  admin: 'admin@sorgu.test',
  analystA: 'analyst@demo-coffee.test',
  analystB: 'analyst@demo-bakery.test',
  dpo: 'dpo@sorgu.test',
};

/** The demo passwords `npm start` generated for the e2e database (./data/demo-credentials.json). */
export function passwordOf(role: StaffRoleKey): string {
  const all = JSON.parse(readFileSync('data/demo-credentials.json', 'utf8')) as Record<string, { email: string; password: string }[]>;
  const mine = all[path.resolve('data/e2e.db')] ?? [];
  const entry = mine.find((c) => c.email === STAFF_EMAIL[role]);
  if (!entry) throw new Error(`no demo password recorded for ${STAFF_EMAIL[role]}`);
  return entry.password;
}

export async function signIn(page: Page, role: StaffRoleKey, lang: 'az' | 'en' = 'en') {
  await page.goto(`/${lang}/login`);
  await page.locator('#login-email').fill(STAFF_EMAIL[role]);
  await page.locator('#login-password').fill(passwordOf(role));
  await page.getByRole('button', { name: lang === 'az' ? 'Daxil ol' : 'Sign in' }).click();
  await expect(page).toHaveURL(new RegExp(`/${lang}/${role === 'dpo' ? 'dpo' : 'admin'}$`));
}
