import { ADMIN_LABELS, DURATION_COLUMN, type ModelKind, type ModelTexts, STRAPI_TEXTS } from './labels';

/**
 * The admin panel's messages made from labels.ts. The Content Manager translates a field's label
 * (and its list header) with `content-manager.<kind>.<uid>.<field>`, but shows the help text
 * (`description`) as stored: the edit-view hook in src/admin/app.tsx swaps it for `newsreel.help.*`.
 */

export type AdminLanguage = 'en' | 'fr';

export const DURATION_MESSAGE_ID = 'newsreel.list.duration';

export const labelMessageId = (kind: ModelKind, uid: string, field: string) => `content-manager.${kind}.${uid}.${field}`;
export const helpMessageId = (uid: string, field: string) => `newsreel.help.${uid}.${field}`;

const models = () => Object.entries(ADMIN_LABELS) as [string, ModelTexts][];

/**
 * The messages of `language`. English labels are left to the stored configuration (the default
 * message), so only French ones are given; help texts and the texts Strapi lacks exist in both.
 */
export const adminMessages = (language: AdminLanguage): Record<string, string> => {
  const messages: Record<string, string> = { [DURATION_MESSAGE_ID]: DURATION_COLUMN[language] };
  for (const [id, text] of Object.entries(STRAPI_TEXTS)) messages[id] = text[language];
  for (const [uid, { kind, fields }] of models()) {
    for (const [field, text] of Object.entries(fields)) {
      if (language === 'fr') messages[labelMessageId(kind, uid, field)] = text.fr;
      const help = language === 'fr' ? text.helpFr : text.helpEn;
      if (help) messages[helpMessageId(uid, field)] = help;
    }
  }
  return messages;
};

/**
 * The help's message id by its English text, as the server stored it. The edit view's layout does
 * not say which content type it shows (and a relation opened in a modal is not the route's type),
 * so the text itself is the key; a text shared by several fields has one translation.
 */
export const helpIdsByEnglish = (): Map<string, string> => {
  const ids = new Map<string, string>();
  for (const [uid, { fields }] of models()) {
    for (const [field, text] of Object.entries(fields)) {
      if (text.helpEn && !ids.has(text.helpEn)) ids.set(text.helpEn, helpMessageId(uid, field));
    }
  }
  return ids;
};
