/** What a request for help can be about (shared by the form, the schema and the staff queue). */
export const SUPPORT_TOPICS = ['taking_survey', 'reward', 'my_data', 'other'] as const;
export type SupportTopic = (typeof SUPPORT_TOPICS)[number];
