/**
 * Demo content, seeded idempotently: one Client and one published survey in az and en that uses
 * every question type, in three sections. Running it again updates texts in place and never
 * touches responses. Run with `npm run db:seed` (DATABASE_URL as for the app).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { ContactPurpose, DataCategory, QuestionType } from '../src/generated/sqlite';
import { createDb, type Db } from '../src/server/create-db';
import { DEFAULT_CATEGORY } from '../src/features/survey/question-types';
import type { Condition } from '../src/features/survey/logic';
import { generatePassword } from '../src/features/auth/password';
import { createStaffUser } from '../src/features/auth/users';

type Text = { az: string; en: string };
type DemoQuestion = {
  key: string;
  type: QuestionType;
  required: boolean;
  prompt: Text;
  help?: Text;
  options?: { value: string; label: Text; keepLast?: boolean }[];
  category?: DataCategory;
  contactPurpose?: ContactPurpose;
  publishable?: boolean;
  /** Skip logic (src/features/survey/logic.ts). */
  showIf?: Condition;
  /** A grid's rows (its scale is `options`). */
  rows?: { value: string; label: Text }[];
  randomizeOptions?: boolean;
};
type DemoSection = { title: Text; description?: Text; showIf?: Condition; screenOutIf?: Condition; randomizeQuestions?: boolean; questions: DemoQuestion[] };

export const DEMO_CLIENT = { slug: 'demo-coffee', name: 'Demo Coffee', storageRegion: 'EU' };
/** A second Client, so that Client isolation (P5.5) can be seen and tested. */
export const SECOND_DEMO_CLIENT = { slug: 'demo-bakery', name: 'Demo Bakery', storageRegion: 'UK' };
export const DEMO_SURVEY_SLUG = 'cafe-visit';
/** policy: P11.1 — the demo asks the birth date first; Azerbaijan has no national age, so 16 applies. */
const DEMO_AGE_GATE = { ageGate: true, minimumAge: null, country: 'AZ' };
/** policy: P4.4 — the demo's links may carry Demo Coffee's customer id (`?customer=…`). */
const DEMO_LINKS = { acceptsCustomerId: true };
/** policy: P8.1, P5.2 — the demo offers a voucher (codes are loaded by an admin) and a prize draw. */
const DEMO_INCENTIVES = { rewardKind: 'voucher' as const, rewardPartner: 'Demo Coffee', sweepstakes: true };

const survey = {
  title: { az: 'Kafe ziyarətiniz haqqında', en: 'About your café visit' },
  description: {
    az: 'Demo Coffee kafelərindəki son ziyarətiniz barədə fikrinizi öyrənmək istəyirik. Təxminən 3 dəqiqə çəkir.',
    en: 'Demo Coffee would like to hear about your last visit to one of its cafés. It takes about 3 minutes.',
  },
};

const sections: DemoSection[] = [
  {
    title: { az: 'Ziyarətiniz', en: 'Your visit' },
    questions: [
      {
        key: 'branch',
        type: 'single_choice',
        required: true,
        prompt: { az: 'Hansı kafemizə getdiniz?', en: 'Which of our cafés did you visit?' },
        options: [
          { value: 'nizami', label: { az: 'Nizami küçəsi', en: 'Nizami Street' } },
          { value: 'port_baku', label: { az: 'Port Baku', en: 'Port Baku' } },
          { value: 'mall_28', label: { az: '28 Mall', en: '28 Mall' } },
        ],
      },
      {
        key: 'visit_purposes',
        type: 'multiple_choice',
        required: false,
        prompt: { az: 'Nə üçün gəlmişdiniz?', en: 'What did you come for?' },
        help: { az: 'Uyğun olanların hamısını seçin.', en: 'Choose all that apply.' },
        options: [
          { value: 'coffee', label: { az: 'Qəhvə', en: 'Coffee' } },
          { value: 'food', label: { az: 'Yemək', en: 'Food' } },
          { value: 'work', label: { az: 'İş və ya dərs', en: 'Work or study' } },
          { value: 'friends', label: { az: 'Dostlarla görüş', en: 'Meeting friends' } },
        ],
      },
      {
        key: 'overall_rating',
        type: 'rating',
        required: true,
        prompt: { az: 'Ziyarətinizi ümumilikdə necə qiymətləndirirsiniz?', en: 'How would you rate your visit overall?' },
      },
    ],
  },
  {
    title: { az: 'Fikriniz', en: 'Your opinion' },
    questions: [
      {
        key: 'recommend',
        type: 'nps',
        required: true,
        prompt: {
          az: 'Bizi dostunuza və ya həmkarınıza tövsiyə etmə ehtimalınız nə qədərdir?',
          en: 'How likely are you to recommend us to a friend or colleague?',
        },
      },
      {
        key: 'liked_most',
        type: 'short_text',
        required: false,
        prompt: { az: 'Ən çox nəyi bəyəndiniz?', en: 'What did you like most?' },
      },
      {
        key: 'comment',
        type: 'long_text',
        required: false,
        publishable: true,
        prompt: { az: 'Bizə demək istədiyiniz başqa bir şey varmı?', en: 'Is there anything else you would like to tell us?' },
      },
    ],
  },
  {
    title: { az: 'Sizin haqqınızda', en: 'About you' },
    description: {
      az: 'Bu suallar istəyə bağlıdır. Əlaqə məlumatlarınızı yalnız sorğunu təsdiqləmək və mükafatı çatdırmaq üçün istifadə edirik.',
      en: 'These questions are optional. We use your contact details only to validate the survey and deliver the reward.',
    },
    questions: [
      { key: 'email', type: 'email', required: false, contactPurpose: 'reward_delivery', prompt: { az: 'E-poçt ünvanınız', en: 'Your email address' } },
      { key: 'phone', type: 'phone', required: false, contactPurpose: 'survey_validation', prompt: { az: 'Telefon nömrəniz', en: 'Your phone number' } },
      { key: 'gender', type: 'gender', required: false, prompt: { az: 'Cinsiniz', en: 'Your gender' } },
      { key: 'birth_date', type: 'birth_date', required: false, prompt: { az: 'Doğum tarixiniz', en: 'Your date of birth' } },
      { key: 'postal_code', type: 'postal_code', required: false, prompt: { az: 'Poçt indeksiniz', en: 'Your postal code' } },
    ],
  },
];

/**
 * The fieldwork demo (issue 13): skip logic, piping and hidden fields from the link. Open it as
 * /en/s/order-feedback?store=baku-28&src=sms — the delivery section only for deliveries, "what went
 * wrong" only below 3 stars, the SMS question only for links with src=sms.
 */
export const FIELDWORK_SURVEY_SLUG = 'order-feedback';
const fieldworkSurvey = {
  title: { az: 'Sifarişiniz haqqında', en: 'About your order' },
  description: {
    az: 'Demo Coffee son sifarişiniz barədə bir neçə sual verir. Suallar cavablarınıza görə dəyişir; təxminən 2 dəqiqə çəkir.',
    en: 'Demo Coffee asks a few questions about your last order. The questions follow your answers; it takes about 2 minutes.',
  },
};
const yesNo = [
  { value: 'yes', label: { az: 'Bəli', en: 'Yes' } },
  { value: 'no', label: { az: 'Xeyr', en: 'No' } },
];
const fieldworkSections: DemoSection[] = [
  {
    title: { az: 'Sifarişiniz', en: 'Your order' },
    questions: [
      { key: 'store', type: 'hidden', required: false, prompt: { az: 'Mağaza (keçiddən)', en: 'Store (from the link)' } },
      { key: 'src', type: 'hidden', required: false, prompt: { az: 'Dəvətin kanalı (keçiddən)', en: 'Invitation channel (from the link)' } },
      {
        key: 'order_type',
        type: 'single_choice',
        required: true,
        prompt: { az: 'Sifarişinizi necə aldınız?', en: 'How did you get your order?' },
        // Shown in a random order to each respondent, "Other" always last.
        randomizeOptions: true,
        options: [
          { value: 'in_cafe', label: { az: 'Kafedə', en: 'In the café' } },
          { value: 'takeaway', label: { az: 'Özümlə götürdüm', en: 'Takeaway' } },
          { value: 'delivery', label: { az: 'Çatdırılma', en: 'Delivery' } },
          { value: 'other', label: { az: 'Başqa yolla', en: 'Some other way' }, keepLast: true },
        ],
      },
      { key: 'order_rating', type: 'rating', required: true, prompt: { az: 'Sifarişinizi necə qiymətləndirirsiniz?', en: 'How would you rate your order?' } },
    ],
  },
  {
    title: { az: 'Çatdırılma', en: 'Delivery' },
    showIf: { q: 'order_type', op: 'eq', value: 'delivery' },
    randomizeQuestions: true,
    questions: [
      {
        key: 'delivery_time',
        type: 'single_choice',
        required: true,
        prompt: { az: 'Çatdırılma nə qədər çəkdi?', en: 'How long did the delivery take?' },
        options: [
          { value: 'under_30', label: { az: '30 dəqiqədən az', en: 'Under 30 minutes' } },
          { value: 'from_30_to_60', label: { az: '30–60 dəqiqə', en: '30–60 minutes' } },
          { value: 'over_60', label: { az: '60 dəqiqədən çox', en: 'Over 60 minutes' } },
        ],
      },
      { key: 'courier_rating', type: 'rating', required: false, prompt: { az: 'Kuryer nə qədər nəzakətli idi?', en: 'How friendly was the courier?' } },
    ],
  },
  {
    title: { az: 'Nə düz getmədi?', en: 'What went wrong?' },
    showIf: { q: 'order_rating', op: 'lt', value: 3 },
    questions: [
      {
        key: 'problem',
        type: 'long_text',
        required: true,
        prompt: { az: 'Sifarişinizə 5 üzərindən {{order_rating}} verdiniz. Nə düz getmədi?', en: 'You rated your order {{order_rating}} out of 5. What went wrong?' },
      },
    ],
  },
  {
    title: { az: 'Sonda', en: 'Finally' },
    questions: [
      {
        key: 'choose_again',
        type: 'single_choice',
        required: true,
        prompt: { az: 'Növbəti dəfə yenə “{{order_type}}” seçərdinizmi?', en: 'Would you choose “{{order_type}}” again next time?' },
        options: yesNo,
      },
      {
        key: 'sms_clear',
        type: 'single_choice',
        required: false,
        showIf: { q: 'src', op: 'eq', value: 'sms' },
        prompt: { az: 'Sizi dəvət edən SMS aydın idimi?', en: 'Was the text message that invited you clear?' },
        options: yesNo,
      },
      {
        key: 'order_parts',
        type: 'grid',
        // Required per row: every row needs its answer.
        required: true,
        prompt: { az: 'Sifarişinizin hər hissəsi necə idi?', en: 'How was each part of your order?' },
        rows: [
          { value: 'taste', label: { az: 'Dad', en: 'Taste' } },
          { value: 'temperature', label: { az: 'Temperatur', en: 'Temperature' } },
          { value: 'packaging', label: { az: 'Qablaşdırma', en: 'Packaging' } },
        ],
        options: [
          { value: 'poor', label: { az: 'Zəif', en: 'Poor' } },
          { value: 'fine', label: { az: 'Normal', en: 'Fine' } },
          { value: 'good', label: { az: 'Yaxşı', en: 'Good' } },
        ],
      },
    ],
  },
];

/**
 * A panel study (issue 13, part 3): a screener that screens out who does not buy coffee out, and
 * quotas on gender. The panel's id of each respondent comes with the link (`?pid=…`), for the
 * return links staff set on the fieldwork page: /en/s/coffee-habits?pid=P-1001.
 */
export const PANEL_SURVEY_SLUG = 'coffee-habits';
const panelSurvey = {
  // One response per panel respondent (src/features/survey/panel-id.ts).
  panelIdKey: 'pid',
  title: { az: 'Qəhvə vərdişləri', en: 'Coffee habits' },
  description: {
    az: 'Panel araşdırması: evdən kənarda qəhvə almağınız barədə qısa sorğu, təxminən 2 dəqiqə.',
    en: 'A panel study: a short survey about buying coffee away from home, about 2 minutes.',
  },
};
export const PANEL_QUOTAS = [
  { name: 'Women', condition: { q: 'gender', op: 'eq', value: 'female' } as Condition, limit: 50 },
  { name: 'Men', condition: { q: 'gender', op: 'eq', value: 'male' } as Condition, limit: 50 },
];
const panelSections: DemoSection[] = [
  {
    title: { az: 'Sizin haqqınızda', en: 'About you' },
    screenOutIf: { q: 'buys_coffee', op: 'eq', value: 'no' },
    questions: [
      {
        key: 'pid',
        type: 'hidden',
        required: false,
        prompt: { az: 'Panel identifikatoru', en: 'Panel id' },
        help: { az: 'Panelin bu respondent üçün identifikatoru (keçiddən).', en: 'The panel’s id of this respondent (from the link).' },
      },
      { key: 'gender', type: 'gender', required: true, prompt: { az: 'Cinsiniz', en: 'Your gender' } },
      {
        key: 'age_band',
        type: 'single_choice',
        required: true,
        category: 'demographic',
        prompt: { az: 'Yaşınız', en: 'Your age' },
        options: [
          { value: '18_24', label: { az: '18–24', en: '18–24' } },
          { value: '25_34', label: { az: '25–34', en: '25–34' } },
          { value: '35_54', label: { az: '35–54', en: '35–54' } },
          { value: '55_plus', label: { az: '55 və yuxarı', en: '55 or over' } },
        ],
      },
      {
        key: 'buys_coffee',
        type: 'single_choice',
        required: true,
        prompt: { az: 'Son bir ayda evdən kənarda qəhvə almısınızmı?', en: 'In the last month, have you bought coffee away from home?' },
        options: yesNo,
      },
    ],
  },
  {
    title: { az: 'Qəhvəniz', en: 'Your coffee' },
    questions: [
      {
        key: 'where_buy',
        type: 'multiple_choice',
        required: true,
        prompt: { az: 'Qəhvəni harada alırsınız?', en: 'Where do you buy it?' },
        options: [
          { value: 'cafe', label: { az: 'Kafedə', en: 'In a café' } },
          { value: 'kiosk', label: { az: 'Köşkdə', en: 'At a kiosk' } },
          { value: 'office', label: { az: 'İşdə', en: 'At work' } },
        ],
      },
      {
        key: 'cups_week',
        type: 'single_choice',
        required: true,
        prompt: { az: 'Həftədə neçə fincan?', en: 'How many cups a week?' },
        options: [
          { value: '1_2', label: { az: '1–2', en: '1–2' } },
          { value: '3_5', label: { az: '3–5', en: '3–5' } },
          { value: '6_plus', label: { az: '6 və çox', en: '6 or more' } },
        ],
      },
    ],
  },
];

/** policy: P1.1 — version 1 is the seed policy (Azerbaijani text as published; English restatement). */
export const POLICY_V1 = {
  effectiveAt: new Date('2018-03-01T00:00:00Z'),
  material: true,
  summary: { az: 'Siyasətin ilk versiyası.', en: 'The first version of the policy.' },
  text: {
    az: readFileSync(path.join(import.meta.dirname, 'policy/v1.az.txt'), 'utf8'),
    en: readFileSync(path.join(import.meta.dirname, 'policy/v1.en.txt'), 'utf8'),
  },
  // policy: P15.1, P16.1, P14.1 — as stated in sections 14–16 of the seed policy.
  contacts: {
    controller: { name: 'Service Management Group, LLC', address: '1737 McGee Street, Kansas City, MO 64108, USA' },
    dpo: {
      email: 'privacyofficer@smg.com',
      addresses: [
        'Service Management Group, LLC — Attn: Data Protection Officer, 1737 McGee Street, Kansas City, MO 64108, USA',
        'Service Management Group, Ltd. — Attn: Data Protection Officer, 38-40 The Maltings, St Albans, Hertfordshire AL1 3HL, United Kingdom',
        'Service Management Group G.K. — Attn: Data Protection Officer, 2-7-16 No. 3 Komoriya Building 9F, Hamamatsu-cho, Minato-ku, Tokyo 1050013, Japan',
      ],
    },
    storageRegions: ['US', 'UK', 'JP', 'EU'] as ('US' | 'UK' | 'JP' | 'EU')[],
  },
};

export async function seedPolicy(db: Db) {
  const existing = await db.policyVersion.findUnique({ where: { version: 1 }, select: { id: true } });
  if (existing) return;
  await db.policyVersion.create({ data: { version: 1, ...POLICY_V1, publishedAt: POLICY_V1.effectiveAt } });
}

type SurveySettings = typeof survey & Partial<typeof DEMO_AGE_GATE & typeof DEMO_LINKS & typeof DEMO_INCENTIVES & { randomizeSections: boolean; panelIdKey: string }>;

async function seedDemoSurvey(db: Db, clientId: string, slug: string, settings: SurveySettings, sections: DemoSection[]) {
  const saved = await db.survey.upsert({
    where: { slug },
    create: { slug, clientId, status: 'published', ...settings },
    update: settings,
    select: { id: true },
  });
  for (const [position, section] of sections.entries()) {
    const texts = {
      title: section.title,
      description: section.description ?? undefined,
      showIf: section.showIf ?? undefined,
      screenOutIf: section.screenOutIf ?? undefined,
      randomizeQuestions: section.randomizeQuestions ?? false,
    };
    const row = await db.section.upsert({
      where: { surveyId_position: { surveyId: saved.id, position } },
      create: { surveyId: saved.id, position, ...texts },
      update: texts,
      select: { id: true },
    });
    for (const [qPosition, q] of section.questions.entries()) {
      const data = {
        sectionId: row.id,
        position: qPosition,
        type: q.type,
        category: q.category ?? DEFAULT_CATEGORY[q.type],
        required: q.required,
        prompt: q.prompt,
        help: q.help ?? undefined,
        options: q.options ?? undefined,
        contactPurpose: q.contactPurpose ?? null,
        publishable: q.publishable ?? false,
        showIf: q.showIf ?? undefined,
        rows: q.rows ?? undefined,
        randomizeOptions: q.randomizeOptions ?? false,
      };
      await db.question.upsert({
        where: { surveyId_key: { surveyId: saved.id, key: q.key } },
        create: { surveyId: saved.id, key: q.key, ...data },
        update: data,
      });
    }
  }
  return saved;
}

export async function seedDemo(db: Db) {
  await seedPolicy(db);
  const client = await db.client.upsert({
    where: { slug: DEMO_CLIENT.slug },
    create: DEMO_CLIENT,
    update: { name: DEMO_CLIENT.name },
    select: { id: true },
  });
  // The survey and its sections and questions change together (a running instance caches a
  // published survey per updatedAt, survey/queries.ts: it must never see new questions under an
  // old version, or old ones under a new version).
  await db.$transaction(async (tx) => seedDemoSurvey(tx as Db, client.id, DEMO_SURVEY_SLUG, { ...survey, ...DEMO_AGE_GATE, ...DEMO_LINKS, ...DEMO_INCENTIVES }, sections), { timeout: 60_000 });
  await db.$transaction(async (tx) => seedDemoSurvey(tx as Db, client.id, FIELDWORK_SURVEY_SLUG, fieldworkSurvey, fieldworkSections), { timeout: 60_000 });
  await db.$transaction(
    async (tx) => {
      const { id } = await seedDemoSurvey(tx as Db, client.id, PANEL_SURVEY_SLUG, panelSurvey, panelSections);
      // Quotas are staff's to change on the fieldwork page: seeded once, never reset.
      if ((await tx.quota.count({ where: { surveyId: id } })) === 0) for (const quota of PANEL_QUOTAS) await tx.quota.create({ data: { surveyId: id, ...quota } });
    },
    { timeout: 60_000 },
  );
  const bakery = await db.client.upsert({
    where: { slug: SECOND_DEMO_CLIENT.slug },
    create: SECOND_DEMO_CLIENT,
    update: { name: SECOND_DEMO_CLIENT.name },
    select: { id: true },
  });
  const newCredentials = await seedStaff(db, { coffee: client.id, bakery: bakery.id });
  return { surveySlug: DEMO_SURVEY_SLUG, newCredentials };
}

export type DemoCredential = { email: string; role: string; password: string };

/**
 * Demo staff: one admin, one analyst per demo Client, one DPO. Passwords are random and only
 * returned when an account is created (the start command keeps them in ./data, git-ignored).
 */
export async function seedStaff(db: Db, clients: { coffee: string; bakery: string }): Promise<DemoCredential[]> {
  const accounts = [
    { email: 'admin@sorgu.test', name: 'Aysel Admin', role: 'admin' as const },
    { email: 'analyst@demo-coffee.test', name: 'Rəşad Analyst', role: 'analyst' as const, clientId: clients.coffee },
    { email: 'analyst@demo-bakery.test', name: 'Nigar Analyst', role: 'analyst' as const, clientId: clients.bakery },
    { email: 'dpo@sorgu.test', name: 'Elvin DPO', role: 'dpo' as const },
  ];
  const created: DemoCredential[] = [];
  for (const account of accounts) {
    if (await db.staffUser.findUnique({ where: { email: account.email }, select: { id: true } })) continue;
    const password = generatePassword();
    await createStaffUser(db, { ...account, password, locale: 'az' });
    created.push({ email: account.email, role: account.role, password });
  }
  return created;
}

if (process.argv[1] && path.resolve(process.argv[1]) === import.meta.filename) {
  const db = createDb(process.env.DATABASE_URL);
  seedDemo(db)
    .then(({ surveySlug }) => console.log(`seeded demo survey "${surveySlug}"`))
    .finally(() => db.$disconnect());
}
