import { z } from 'zod';

/** A text stored once per locale (survey titles, prompts, option labels). */
export const localizedTextSchema = z.object({ az: z.string().min(1), en: z.string().min(1) }).strict();
export type LocalizedText = z.infer<typeof localizedTextSchema>;

/** Staff views read drafts too, whose translations may still be missing (publishing checks them). */
export const draftTextSchema = z.object({ az: z.string().catch(''), en: z.string().catch('') });

/** Choice options of a survey that may still be a draft (labels possibly untranslated). */
export const draftOptionsSchema = z.array(z.object({ value: z.string(), label: draftTextSchema, keepLast: z.boolean().optional() }).strict());
