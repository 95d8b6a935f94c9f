import { expect, test, type APIRequestContext, type Browser, type Page } from '@playwright/test';
import { answerBanner, completeSurvey, queryE2eDb, startSurvey } from './survey-helpers';
import { signIn, STAFF_EMAIL, type StaffRoleKey } from './staff-helpers';

/**
 * P5.5 P7.2 — the authorization matrix over HTTP, as an attacker would try it: every staff page,
 * every staff route handler and every staff server action × {anonymous, admin, analyst of Client A,
 * analyst of Client B, dpo}. A refusal is a redirect to sign-in, 401/403/404, and carries no data;
 * a refused server action changes nothing.
 */
type Who = StaffRoleKey | 'anonymous';
const WHO: Who[] = ['anonymous', 'admin', 'analystA', 'analystB', 'dpo'];

type Fixture = {
  marker: string;
  cafeId: string;
  bakeryId: string;
  draftId: string;
  draftQuestionId: string;
  publishedId: string;
  responseId: string;
  subject: string;
  eraseSubject: string;
  requestId: string;
  emptyClientId: string;
  respondentEmail: string;
};

let fx: Fixture;
const sessions = new Map<Who, Page>();

const one = <T>(sql: string, ...params: unknown[]) => {
  const [row] = queryE2eDb<T>(sql, ...params);
  if (!row) throw new Error(`no row for ${sql}`);
  return row;
};

async function createDraft(page: Page, slug: string, title: string) {
  await page.goto('/en/admin/surveys/new');
  await page.locator('#survey-slug').fill(slug);
  await page.locator('input[name="title_az"]').fill(`${title} az`);
  await page.locator('input[name="title_en"]').fill(`${title} en`);
  await page.locator('textarea[name="description_az"]').fill('Təsvir.');
  await page.locator('textarea[name="description_en"]').fill('Description.');
  await page.getByRole('button', { name: 'Create draft' }).click();
  await expect(page).toHaveURL(/\/admin\/surveys\/[^/]+\/edit$/);
  await page.getByTestId('add-section').locator('input[name="sectionTitle_az"]').fill('Bölmə');
  await page.getByTestId('add-section').locator('input[name="sectionTitle_en"]').fill('Section');
  await page.getByRole('button', { name: 'Add section' }).click();
  await expect(page.getByTestId('builder-section-0')).toBeVisible();
  await addTextQuestion(page, 'opinion', 'Fikriniz?', 'Your opinion?');
  return one<{ id: string }>('SELECT id FROM Survey WHERE slug = ?', slug).id;
}

async function addTextQuestion(page: Page, key: string, az: string, en: string) {
  const form = page.getByTestId('add-question');
  await form.locator('#q-key').fill(key);
  await form.locator('#q-type').selectOption('short_text');
  await form.locator('input[name="prompt_az"]').fill(az);
  await form.locator('input[name="prompt_en"]').fill(en);
  await form.getByRole('button', { name: 'Add question' }).click();
  await expect(page.getByTestId('builder-section-0')).toContainText(key);
}

async function respondentWith(browser: Browser, email: string) {
  const page = await (await browser.newContext()).newPage();
  await page.goto('/en/s/cafe-visit');
  await answerBanner(page, 'en', 'rejectAll');
  const responseId = await completeSurvey(page, 'en', email);
  await page.context().close();
  return { responseId, respondentId: one<{ respondentId: string }>('SELECT respondentId FROM Response WHERE id = ?', responseId).respondentId };
}

test.describe.configure({ mode: 'serial' });

test.beforeAll(async ({ browser }) => {
  test.setTimeout(180_000);
  const marker = `mx${Date.now().toString(36)}`;
  for (const who of WHO) {
    const page = await (await browser.newContext()).newPage();
    if (who !== 'anonymous') await signIn(page, who);
    sessions.set(who, page);
  }
  const respondentEmail = `${marker}@example.az`;
  const subject = await respondentWith(browser, respondentEmail);
  const toErase = await respondentWith(browser, `${marker}-erase@example.az`);

  const analyst = sessions.get('analystA')!;
  const draftId = await createDraft(analyst, `${marker}-draft`, `${marker} draft`);
  // A second question and a second (empty) section: their move and delete forms exist only then.
  await addTextQuestion(analyst, 'second', 'Başqa?', 'Anything else?');
  await analyst.getByTestId('add-section').locator('input[name="sectionTitle_az"]').fill('Bölmə 2');
  await analyst.getByTestId('add-section').locator('input[name="sectionTitle_en"]').fill('Section 2');
  await analyst.getByRole('button', { name: 'Add section' }).click();
  await expect(analyst.getByTestId('builder-section-1')).toBeVisible();
  const publishedId = await createDraft(analyst, `${marker}-pub`, `${marker} published`);
  await analyst.getByRole('button', { name: 'Publish' }).click();
  await expect(analyst.getByTestId('survey-status')).toContainText('published');

  const admin = sessions.get('admin')!;
  await admin.goto('/en/admin/clients');
  await admin.locator('#client-name').fill(`${marker} empty client`);
  await admin.locator('#client-slug').fill(`${marker}-empty`);
  await admin.getByRole('button', { name: 'Add client' }).click();
  await expect(admin.getByTestId('clients-table')).toContainText(`${marker}-empty`);

  // A suspected compromise, so that the DPO home carries its "handled" form.
  const anonymous = sessions.get('anonymous')!;
  await anonymous.goto('/en/my-data');
  await anonymous.locator('#compromise-description').fill(`${marker} suspected compromise report`);
  await anonymous.getByTestId('compromise-form').getByRole('button').click();
  await expect(anonymous.getByTestId('compromise-sent')).toBeVisible();

  const dpo = sessions.get('dpo')!;
  await dpo.goto('/en/dpo/requests/new');
  await dpo.locator('#req-channel').selectOption('post');
  await dpo.locator('#req-contact').fill(respondentEmail);
  await dpo.locator('#req-details').fill(`${marker} request details`);
  await dpo.getByRole('button', { name: 'Register' }).click();
  await expect(dpo).toHaveURL(/\/dpo\/requests\/[^/]+$/);
  await dpo.getByTestId('attach-subject').getByRole('button').click();
  await expect(dpo.getByTestId('request-subject')).toBeVisible();

  const cafeId = one<{ id: string }>("SELECT id FROM Survey WHERE slug = 'cafe-visit'").id;
  fx = {
    marker,
    cafeId,
    bakeryId: one<{ id: string }>("SELECT id FROM Client WHERE slug = 'demo-bakery'").id,
    draftId,
    draftQuestionId: one<{ id: string }>("SELECT id FROM Question WHERE surveyId = ? AND key = 'opinion'", draftId).id,
    publishedId,
    responseId: subject.responseId,
    subject: `/dpo/subjects/respondent/${subject.respondentId}`,
    eraseSubject: `/dpo/subjects/respondent/${toErase.respondentId}`,
    requestId: one<{ id: string }>('SELECT id FROM DataSubjectRequest WHERE details = ?', `${marker} request details`).id,
    emptyClientId: one<{ id: string }>('SELECT id FROM Client WHERE slug = ?', `${marker}-empty`).id,
    respondentEmail,
  };
});

test.afterAll(async () => {
  for (const page of sessions.values()) await page.context().close();
});

/** What no refused page may show: the fixture's survey, respondent, request and staff data. */
const secrets = () => ['About your café visit', fx.respondentEmail, `${fx.marker} request details`, `${fx.marker} draft`, 'analyst@demo-coffee.test', 'Demo Bakery'];

type PageCase = { path: () => string; allowed: Who[] };
const ANALYSTS_OF_A: Who[] = ['admin', 'analystA'];
const PAGES: PageCase[] = [
  { path: () => '/admin', allowed: ['admin', 'analystA', 'analystB'] },
  { path: () => '/admin/clients', allowed: ['admin'] },
  { path: () => `/admin/clients/${fx.bakeryId}`, allowed: ['admin'] },
  { path: () => '/admin/users', allowed: ['admin'] },
  { path: () => '/admin/audit', allowed: ['admin'] },
  { path: () => '/admin/mailbox', allowed: ['admin'] },
  { path: () => '/admin/responses', allowed: ['admin', 'analystA', 'analystB'] },
  { path: () => `/admin/responses/${fx.responseId}`, allowed: ANALYSTS_OF_A },
  { path: () => '/admin/surveys/new', allowed: ['admin', 'analystA', 'analystB'] },
  { path: () => `/admin/surveys/${fx.cafeId}`, allowed: ANALYSTS_OF_A },
  { path: () => `/admin/surveys/${fx.draftId}/edit`, allowed: ANALYSTS_OF_A },
  { path: () => `/admin/surveys/${fx.cafeId}/preview`, allowed: ANALYSTS_OF_A },
  { path: () => `/admin/surveys/${fx.cafeId}/fieldwork`, allowed: ANALYSTS_OF_A },
  { path: () => `/admin/surveys/${fx.cafeId}/invitations`, allowed: ANALYSTS_OF_A },
  { path: () => `/admin/surveys/${fx.draftId}/questions/${fx.draftQuestionId}`, allowed: ANALYSTS_OF_A },
  { path: () => '/dpo', allowed: ['dpo'] },
  { path: () => '/dpo/requests/new', allowed: ['dpo'] },
  { path: () => `/dpo/requests/${fx.requestId}`, allowed: ['dpo'] },
  { path: () => fx.subject, allowed: ['dpo'] },
  { path: () => `${fx.subject}/erase`, allowed: ['dpo'] },
];

for (const who of WHO) {
  test(`P5.5 every staff page × ${who}: allowed pages answer 200, every other one refuses without data`, async () => {
    const request = sessions.get(who)!.request;
    for (const { path, allowed } of PAGES) {
      const response = await request.get(`/en${path()}`, { maxRedirects: 0 });
      const body = await response.text();
      if (allowed.includes(who)) {
        expect(response.status(), path()).toBe(200);
        continue;
      }
      if (who === 'anonymous') {
        expect(response.status(), path()).toBe(307);
        expect(response.headers()['location'], path()).toContain(`/en/login?next=${encodeURIComponent(path())}`);
      } else {
        // Wrong role: 403. Right role, other Client's object: 404 (its existence is not confirmed).
        expect([403, 404], `${who} ${path()}`).toContain(response.status());
      }
      for (const secret of secrets()) expect(body, `${who} ${path()}`).not.toContain(secret);
    }
  });
}

test('P5.5 P7.2 every staff route handler × every identity', async () => {
  const routes: { path: string; expected: Record<Who, number>; secret: string }[] = [
    {
      path: `/api/surveys/${fx.cafeId}/export?format=csv`,
      expected: { anonymous: 401, admin: 200, analystA: 200, analystB: 404, dpo: 403 },
      secret: fx.respondentEmail,
    },
    {
      path: `/api/surveys/${fx.cafeId}/export?format=json`,
      expected: { anonymous: 401, admin: 200, analystA: 200, analystB: 404, dpo: 403 },
      secret: fx.respondentEmail,
    },
    // The agency formats are zips (xlsx, the SPSS syntax and data): a granted answer is one, a refusal empty.
    ...(['xlsx', 'spss'] as const).map((format) => ({
      path: `/api/surveys/${fx.cafeId}/export?format=${format}&lang=az&outcomes=all`,
      expected: { anonymous: 401, admin: 200, analystA: 200, analystB: 404, dpo: 403 } as Record<Who, number>,
      secret: 'PK',
    })),
    {
      path: `/api${fx.subject}/export`,
      expected: { anonymous: 401, admin: 403, analystA: 403, analystB: 403, dpo: 200 },
      secret: 'PK', // the zip itself
    },
  ];
  for (const route of routes) {
    for (const who of WHO) {
      const response = await sessions.get(who)!.request.get(route.path, { maxRedirects: 0 });
      expect(response.status(), `${who} ${route.path}`).toBe(route.expected[who]);
      const body = (await response.body()).toString('latin1');
      if (route.expected[who] === 200) expect(body, `${who} ${route.path}`).toContain(route.secret);
      else expect(body, `${who} ${route.path}`).not.toContain(route.secret);
    }
  }
});

/**
 * Server actions, replayed: the allowed user's page is loaded and its forms filled with valid
 * values; the exact submissions (action references and bound ids included) are then posted as
 * every other identity, as a forged request would be. Replayed by their own user, the same
 * submissions take effect (so the refusals are not a broken replay).
 */
type ActionPage = { path: () => string; owner: StaffRoleKey; refused: Who[]; expectsAction: string; ownReplay?: (fields: [string, string][]) => boolean };
const ACTION_PAGES: ActionPage[] = [
  { path: () => '/admin/clients', owner: 'admin', refused: ['anonymous', 'analystA', 'analystB', 'dpo'], expectsAction: 'client.created' },
  { path: () => `/admin/clients/${fx.emptyClientId}`, owner: 'admin', refused: ['anonymous', 'analystA', 'analystB', 'dpo'], expectsAction: 'client.deleted' },
  // Replayed by the admin, only the form that adds a user: the others disable accounts other tests use.
  { path: () => '/admin/users', owner: 'admin', refused: ['anonymous', 'analystA', 'analystB', 'dpo'], expectsAction: 'staff.created', ownReplay: (f) => f.some(([k]) => k === 'email') },
  { path: () => '/admin/surveys/new', owner: 'analystA', refused: ['anonymous', 'dpo'], expectsAction: 'survey.created' },
  { path: () => `/admin/surveys/${fx.draftId}/questions/${fx.draftQuestionId}`, owner: 'analystA', refused: ['anonymous', 'analystB', 'dpo'], expectsAction: 'survey.question_updated' },
  { path: () => `/admin/surveys/${fx.draftId}/edit`, owner: 'analystA', refused: ['anonymous', 'analystB', 'dpo'], expectsAction: 'survey.section_added' },
  // Invitations (issue 13): sending and reminding only by the survey's own Client and admins (the
  // fixture survey has no contacts: the own replay is audited, nothing is mailed). Before the fieldwork
  // page, whose own replay may move the opening time (no mail while a survey is not open).
  { path: () => `/admin/surveys/${fx.publishedId}/invitations`, owner: 'analystA', refused: ['anonymous', 'analystB', 'dpo'], expectsAction: 'invitations.sent' },
  // Fieldwork (issue 13): editable while published — and only by the survey's own Client and admins.
  // Before the edit page, whose own replay closes the survey.
  { path: () => `/admin/surveys/${fx.publishedId}/fieldwork`, owner: 'analystA', refused: ['anonymous', 'analystB', 'dpo'], expectsAction: 'survey.fieldwork_updated' },
  { path: () => `/admin/surveys/${fx.publishedId}/edit`, owner: 'analystA', refused: ['anonymous', 'analystB', 'dpo'], expectsAction: 'survey.closed' },
  { path: () => '/dpo', owner: 'dpo', refused: ['anonymous', 'admin', 'analystA', 'analystB'], expectsAction: 'subject.searched' },
  { path: () => '/dpo/requests/new', owner: 'dpo', refused: ['anonymous', 'admin', 'analystA', 'analystB'], expectsAction: 'request.registered' },
  { path: () => `/dpo/requests/${fx.requestId}`, owner: 'dpo', refused: ['anonymous', 'admin', 'analystA', 'analystB'], expectsAction: 'request.completed' },
  { path: () => fx.subject, owner: 'dpo', refused: ['anonymous', 'admin', 'analystA', 'analystB'], expectsAction: 'subject.restricted' },
  { path: () => `${fx.eraseSubject}/erase`, owner: 'dpo', refused: ['anonymous', 'admin', 'analystA', 'analystB'], expectsAction: 'subject.erased' },
];

/** Fills every empty field of the page's own forms (not the header's sign-out) and returns each form's submission. */
async function harvestForms(page: Page, marker: string, subjectEmail: string, selector = 'main form'): Promise<[string, string][][]> {
  const later = new Date(Date.now() + 40 * 86_400_000).toISOString().slice(0, 10);
  return page.evaluate(
    ({ marker, later, subjectEmail, selector }) => {
      let n = 0;
      const setSelect = (select: HTMLSelectElement, value: string) => {
        if ([...select.options].some((o) => o.value === value)) select.value = value;
      };
      return [...document.querySelectorAll<HTMLFormElement>(selector)].map((form) => {
        for (const field of form.querySelectorAll<HTMLInputElement | HTMLTextAreaElement>('input, textarea')) {
          if (field.disabled || field.value || ['hidden', 'checkbox', 'radio', 'number', 'submit', 'file'].includes(field.type)) continue;
          // Optional fields whose free text would not validate.
          if (['options', 'rows', 'showIf', 'screenOutIf', 'help_az', 'help_en', 'country', 'minimumAge', 'maxResponses', 'reminderAfterDays', 'condition', 'limit'].includes(field.name) || /^(retention|returnUrl)/.test(field.name)) continue;
          n += 1;
          if (field.type === 'date') field.value = later;
          else if (field.type === 'email' || /email/i.test(field.name)) field.value = `${marker}-${n}@example.az`;
          else if (['slug', 'key'].includes(field.name)) field.value = `${marker}-${n}`;
          else if (field.name === 'value') field.value = subjectEmail; // the DPO's subject search
          else field.value = `${marker} text ${n}`;
        }
        for (const box of form.querySelectorAll<HTMLInputElement>('input[name="confirm"]')) box.checked = true;
        for (const select of form.querySelectorAll<HTMLSelectElement>('select[name="type"]')) setSelect(select, 'short_text');
        for (const select of form.querySelectorAll<HTMLSelectElement>('select[name="role"]')) setSelect(select, 'dpo');
        // Nothing is preselected on a request's status (closing is a deliberate choice): choose it.
        for (const select of form.querySelectorAll<HTMLSelectElement>('select[name="status"]')) setSelect(select, 'completed');
        const fields: [string, string][] = [];
        new FormData(form).forEach((value, key) => fields.push([key, String(value)]));
        return fields;
      });
    },
    { marker, later, subjectEmail, selector },
  );
}

async function post(request: APIRequestContext, path: string, fields: [string, string][], baseURL: string) {
  const form = new FormData();
  for (const [key, value] of fields) form.append(key, value);
  return request.post(`/en${path}`, { multipart: form, headers: { origin: baseURL }, maxRedirects: 0 });
}

async function replay(request: APIRequestContext, path: string, fields: [string, string][], baseURL: string) {
  return (await post(request, path, fields, baseURL)).status();
}

/**
 * A form's bound arguments travel as JSON in `$ACTION_n:1`. The forgeries put Prisma filter objects
 * (and other non-scalars) where the ids go, one argument at a time and all at once — the shape that
 * renamed another Client's published survey before bound arguments were parsed.
 */
function forgedVariants(fields: [string, string][], targets: string[]): [string, string][][] {
  const index = fields.findIndex(([key]) => /^\$ACTION_\d+:1$/.test(key));
  if (index < 0) return [];
  const args = JSON.parse(fields[index]![1]) as unknown[];
  const forgeries: unknown[] = [{ in: targets }, { not: '' }, {}, [targets[0]], 7];
  const with_ = (forged: unknown[]) => fields.map(([k, v], i): [string, string] => (i === index ? [k, JSON.stringify(forged)] : [k, v]));
  // A form of `useActionState` carries its previous state ({} at first) after the bound arguments:
  // that is the form's own state, not an id, so it is kept as it is.
  const last = args.at(-1);
  const bound = last !== null && typeof last === 'object' && Object.keys(last).length === 0 ? args.length - 1 : args.length;
  const state = args.slice(bound);
  const variants = Array.from({ length: bound }, (_, position) => forgeries.map((f) => with_([...args.slice(0, bound).map((a, i) => (i === position ? f : a)), ...state]))).flat();
  variants.push(with_([...args.slice(0, bound).map((_, i) => forgeries[i % 3]), ...state]), with_([]));
  return variants;
}

const staffId = (who: StaffRoleKey) => one<{ id: string }>('SELECT id FROM StaffUser WHERE email = ?', STAFF_EMAIL[who]).id;
const auditsBy = (actor: string, since: string) =>
  queryE2eDb<{ action: string }>("SELECT action FROM AuditEvent WHERE actor = ? AND at > ? AND action NOT IN ('staff.login', 'staff.logout', 'subject.viewed')", actor, since).map((r) => r.action);

/** Everything the replayed forms could change, read straight from the database. */
function fixtureState() {
  const like = `%${fx.marker}%`;
  return {
    surveys: queryE2eDb('SELECT * FROM Survey WHERE id IN (?, ?) OR slug LIKE ?', fx.draftId, fx.publishedId, like),
    sections: queryE2eDb('SELECT * FROM Section WHERE surveyId IN (?, ?) ORDER BY id', fx.draftId, fx.publishedId),
    questions: queryE2eDb('SELECT * FROM Question WHERE surveyId IN (?, ?) ORDER BY id', fx.draftId, fx.publishedId),
    clients: queryE2eDb('SELECT * FROM Client WHERE id IN (?, ?) OR slug LIKE ? OR name LIKE ?', fx.emptyClientId, fx.bakeryId, like, like),
    // Other tests add staff meanwhile: the demo accounts (whose disabling forms are replayed) and ours.
    staff: queryE2eDb("SELECT id, email, name, role, disabledAt FROM StaffUser WHERE email LIKE '%@sorgu.test' OR email LIKE '%@demo-%' OR email LIKE ? ORDER BY id", like),
    requests: queryE2eDb('SELECT * FROM DataSubjectRequest WHERE id = ? OR contactEmail LIKE ? OR details LIKE ?', fx.requestId, like, like),
    respondents: queryE2eDb("SELECT * FROM Respondent WHERE id IN (SELECT respondentId FROM Response WHERE id IN (SELECT responseId FROM Answer WHERE value LIKE ?)) ORDER BY id", like),
    answers: queryE2eDb('SELECT id, value FROM Answer WHERE responseId IN (SELECT id FROM Response WHERE respondentId IN (?, ?)) ORDER BY id', fx.subject.split('/').pop(), fx.eraseSubject.split('/').pop()),
    exportLinks: queryE2eDb('SELECT * FROM ExportLink WHERE requestId = ?', fx.requestId),
    securityReports: queryE2eDb('SELECT id, handledAt, handlerId FROM SecurityReport WHERE description LIKE ?', like),
    quotas: queryE2eDb('SELECT * FROM Quota WHERE surveyId IN (?, ?) ORDER BY id', fx.draftId, fx.publishedId),
    invitations: queryE2eDb('SELECT * FROM Invitation WHERE surveyId IN (?, ?) ORDER BY id', fx.draftId, fx.publishedId),
  };
}

test('P5.5 P7.2 every staff server action, replayed by every other identity, is refused and changes nothing', async ({ baseURL }) => {
  test.setTimeout(180_000);
  const harvested = [];
  for (const c of ACTION_PAGES) {
    const page = sessions.get(c.owner)!;
    await page.goto(`/en${c.path()}`);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    const forms = await harvestForms(page, fx.marker, fx.respondentEmail);
    expect(forms.length, c.path()).toBeGreaterThan(0);
    harvested.push({ ...c, forms });
  }
  const before = fixtureState();
  let replays = 0;
  for (const { path, refused, forms } of harvested) {
    for (const who of refused) {
      for (const fields of forms) {
        const status = await replay(sessions.get(who)!.request, path(), fields, baseURL!);
        expect(status, `${who} ${path()}`).not.toBe(500);
        replays += 1;
      }
    }
  }
  expect(fixtureState()).toEqual(before);
  const actionIdOf = ([key, value]: [string, string]) =>
    key.startsWith('$ACTION_ID_') ? key.slice('$ACTION_ID_'.length) : /^\$ACTION_\d+:0$/.test(key) ? (JSON.parse(value) as { id: string }).id : [];
  const actionIds = new Set(harvested.flatMap((h) => h.forms.flatMap((f) => f.flatMap(actionIdOf))));
  console.log(`server actions: ${actionIds.size} distinct, ${harvested.reduce((n, h) => n + h.forms.length, 0)} forms on ${harvested.length} pages, ${replays} refused replays`);

  // The same submissions by their own user do take effect: the replay itself is sound.
  for (const { path, owner, forms, expectsAction, ownReplay } of harvested) {
    const mark = new Date(Date.now() - 1).toISOString();
    for (const fields of forms.filter(ownReplay ?? (() => true))) await replay(sessions.get(owner)!.request, path(), fields, baseURL!);
    expect(auditsBy(staffId(owner), mark), `${owner} ${path()}`).toContain(expectsAction);
  }
  expect(fixtureState()).not.toEqual(before);
});

test('P5.5 P2.1 forged bound arguments (filter objects where ids go) are refused by every server action and change nothing', async ({ browser, baseURL }) => {
  test.setTimeout(300_000);
  const targets = [fx.draftId, fx.cafeId, fx.publishedId];
  const sectionsOf = () => queryE2eDb('SELECT * FROM Section WHERE surveyId IN (?, ?, ?) ORDER BY id', ...targets);
  const before = { fixture: fixtureState(), sections: sectionsOf() };
  let forged = 0;
  const actions = new Set<string>();
  const check = async (request: APIRequestContext, path: string, fields: [string, string][], label: string) => {
    for (const variant of forgedVariants(fields, targets)) {
      const response = await post(request, path, variant, baseURL!);
      expect.soft(response.status(), `${label} ${path}`).toBeLessThan(500);
      // No draft or consent was created from a forged slug or locale.
      expect.soft(response.headers()["set-cookie"] ?? "", `${label} ${path}`).not.toMatch(/sorgu_(resume|consent|done)/);
      forged += 1;
    }
    const ref = fields.find(([key]) => /^\$ACTION_\d+:0$/.test(key));
    if (ref && forgedVariants(fields, targets).length) actions.add((JSON.parse(ref[1]) as { id: string }).id);
  };

  // Staff actions, by their own (signed-in, authorized) user: the attacker is an insider.
  for (const c of ACTION_PAGES) {
    const page = sessions.get(c.owner)!;
    await page.goto(`/en${c.path()}`);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    for (const fields of await harvestForms(page, fx.marker, fx.respondentEmail)) await check(page.request, c.path(), fields, c.owner);
  }

  // Public actions: start, a section, stop, the cookie choice, the self-service and compromise forms.
  const context = await browser.newContext();
  const visitor = await context.newPage();
  const publicForms = async (path: string) => {
    await visitor.goto(`/en${path}`);
    for (const fields of await harvestForms(visitor, fx.marker, fx.respondentEmail, 'form')) await check(visitor.request, path, fields, 'anonymous');
  };
  await publicForms('/s/cafe-visit');
  await publicForms('/cookies');
  await publicForms('/my-data');
  await answerBanner(visitor, 'en', 'rejectAll');
  await startSurvey(visitor, 'en');
  // The section form, filled with the marker: a forged submission that got through would store it.
  await publicForms('/s/cafe-visit');
  await publicForms('/s/cafe-visit/stop');
  await context.close();

  expect(sectionsOf()).toEqual(before.sections);
  expect(fixtureState()).toEqual(before.fixture);
  expect(queryE2eDb('SELECT id FROM Answer WHERE value LIKE ?', `%${fx.marker} text%`)).toEqual([]);
  expect(queryE2eDb("SELECT id FROM AuditEvent WHERE target LIKE '%[object%'")).toEqual([]);
  expect(queryE2eDb('SELECT id FROM SubjectVerification WHERE email LIKE ?', `%${fx.marker}%`)).toEqual([]);
  console.log(`forged bound arguments: ${forged} posts into ${actions.size} distinct server actions`);
  expect(actions.size).toBeGreaterThanOrEqual(20);
});
