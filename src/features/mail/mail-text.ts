import { createTranslator } from 'next-intl';
import az from '../../../messages/az.json';
import en from '../../../messages/en.json';

/** The Mail messages in a person's language (Azerbaijani unless it is English): mail is written outside a request. */
export const mailText = (locale: string) => createTranslator({ locale: locale === 'en' ? 'en' : 'az', messages: locale === 'en' ? en : az, namespace: 'Mail' });
