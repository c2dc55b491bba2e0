import { validateYupSchema, yup } from '@strapi/utils';

// Unknown keys are refused by looking at the body as sent (noUnknown() would strip them once
// casting trims the email).
const object = <T extends Record<string, yup.AnySchema>>(shape: T) =>
  yup
    .object(shape)
    .test('no-unknown', 'unknown field: ${unknown}', function known() {
      // yup 0.32 passes the uncast value to tests; its types omit the field.
      const original = (this as unknown as { originalValue: unknown }).originalValue;
      const unknown = original && typeof original === 'object' ? Object.keys(original).filter((key) => !(key in shape)) : [];
      return unknown.length === 0 || this.createError({ params: { unknown: unknown.join(', ') } });
    })
    .required();

// Only a string is trimmed and lower-cased: anything else stays as sent and fails the type check
// (yup's own trim() would call .trim() on an object and throw).
const email = () =>
  yup
    .string()
    .transform((_value: unknown, original: unknown) => (typeof original === 'string' ? original.trim().toLowerCase() : original))
    .typeError('email must be a valid email address')
    .max(254, 'email is too long').email('email must be a valid email address');
const locale = () => yup.string().strict().oneOf(['en', 'fr'], 'locale must be en or fr').optional();
const token = () => yup.string().strict().max(2000, 'token is too long').required('token is required');

/** Visitors give an email; a logged-in account may give none (its own address is used). */
export const subscribeBody = object({ email: email().optional(), locale: locale() });
export const confirmBody = object({ token: token() });
/** JSON `{token}` from a frontend, or the RFC 8058 form body with the token in the query. */
export const unsubscribeInput = object({
  token: token(),
  'List-Unsubscribe': yup.string().strict().oneOf(['One-Click'], 'List-Unsubscribe must be One-Click').optional(),
});

const STATUSES = ['pending', 'subscribed', 'unsubscribed', 'suppressed'];

/** Admin: GET /newsletter/subscribers */
export const listQuery = object({
  q: yup.string().trim().max(200, 'q is too long').optional(),
  status: yup.string().oneOf(STATUSES, `status must be one of ${STATUSES.join(', ')}`).optional(),
  page: yup.number().typeError('page must be a number').integer().min(1, 'page starts at 1').default(1),
  pageSize: yup.number().typeError('pageSize must be a number').integer().min(1).max(100, 'pageSize is at most 100').default(25),
});

/** Admin: POST /newsletter/subscribers/import */
export const importQuery = object({
  status: yup.string().oneOf(['subscribed', 'pending'], 'status must be subscribed or pending').required('status is required'),
});

/** Admin: /newsletter/subscribers/:id/… */
export const idParam = object({ id: yup.number().typeError('id must be a number').integer().min(1).required() });

/** Validates and returns the cleaned input; 400 ValidationError otherwise. */
export const validate = <T extends yup.AnySchema>(schema: T) =>
  validateYupSchema(schema, { strict: false }) as (body: unknown) => Promise<yup.InferType<T>>;

const text = (max: number, label: string) => yup.string().strict().typeError(`${label} must be text`).max(max, `${label} is at most ${max} characters`);
const documentIds = yup
  .array()
  .of(yup.string().strict().typeError('articles must be document ids').required())
  .min(1, 'choose at least one story')
  .max(50, 'a campaign carries at most 50 stories')
  .required('articles is required');

/** Admin: POST /newsletter/campaigns */
export const campaignBody = object({
  subject: text(200, 'subject').trim().required('subject is required'),
  intro: text(5000, 'intro').optional(),
  locale: yup.string().strict().oneOf(['en', 'fr'], 'locale must be en or fr (or absent: each subscriber gets theirs)').nullable().optional(),
  // The French subject and intro of a campaign in both languages; the main ones otherwise.
  translations: object({ fr: object({ subject: text(200, 'translations.fr.subject').optional(), intro: text(5000, 'translations.fr.intro').optional() }) })
    .nullable()
    .optional()
    .default(undefined),
  selection: yup
    .mixed()
    .required('selection is required')
    .test('selection', 'selection must be "since-last" or {"articles": [documentId, …]}', (value: unknown) => {
      if (value === 'since-last') return true;
      if (!value || typeof value !== 'object' || Array.isArray(value)) return false;
      const keys = Object.keys(value);
      return keys.length === 1 && keys[0] === 'articles' && documentIds.isValidSync((value as { articles: unknown }).articles, { strict: true });
    }),
});

/** Admin: GET /newsletter/campaigns/:id/preview */
export const previewQuery = object({ locale: locale() });

/** Admin: POST /newsletter/campaigns/:id/schedule (the time itself is read by the service, in its zone). */
export const scheduleBody = object({
  at: yup.string().strict().typeError('at must be a date and time').max(40, 'at is too long').required('at is required'),
  timeZone: yup.string().strict().typeError('timeZone must be a time zone name').max(64, 'timeZone is too long').optional(),
});

const PROBLEM_KINDS = ['failed-permanent', 'failed-temporary', 'bounced-hard', 'bounced-soft', 'complained', 'unsubscribed'];

/** Admin: GET /newsletter/campaigns/:id/report and …/report/export */
export const reportQuery = object({
  problem: yup.string().oneOf(PROBLEM_KINDS, `problem must be one of ${PROBLEM_KINDS.join(', ')}`).optional(),
  page: yup.number().typeError('page must be a number').integer().min(1, 'page starts at 1').default(1),
  pageSize: yup.number().typeError('pageSize must be a number').integer().min(1).max(100, 'pageSize is at most 100').default(25),
});

const weekday = yup.number().strict().typeError('schedule.weekly.days are numbers from 0 (Sunday) to 6 (Saturday)').integer().min(0).max(6);

/** Admin: PUT /newsletter/digest */
export const digestBody = object({
  enabled: yup.boolean().strict().typeError('enabled must be true or false').required('enabled is required'),
  schedule: yup
    .mixed()
    .required('schedule is required')
    .test('schedule', 'schedule must be {"weekly": {"days": [1], "time": "08:00"}} or {"cron": "0 8 * * 1"}', (value: unknown) => {
      if (!value || typeof value !== 'object' || Array.isArray(value)) return false;
      const rule = value as Record<string, unknown>;
      const keys = Object.keys(rule);
      if (keys.length !== 1) return false;
      if (keys[0] === 'cron') return typeof rule.cron === 'string' && rule.cron.length <= 100;
      if (keys[0] !== 'weekly' || !rule.weekly || typeof rule.weekly !== 'object') return false;
      const weekly = rule.weekly as Record<string, unknown>;
      return (
        Object.keys(weekly).every((key) => key === 'days' || key === 'time') &&
        typeof weekly.time === 'string' &&
        Array.isArray(weekly.days) &&
        weekly.days.length <= 7 &&
        weekly.days.every((day) => weekday.isValidSync(day, { strict: true }))
      );
    }),
  timeZone: yup.string().strict().typeError('timeZone must be a time zone name').max(64, 'timeZone is too long').optional(),
  subject: text(200, 'subject').trim().required('subject is required'),
  intro: text(5000, 'intro').optional().default(''),
  translations: object({ fr: object({ subject: text(200, 'translations.fr.subject').optional(), intro: text(5000, 'translations.fr.intro').optional() }) })
    .nullable()
    .optional()
    .default(null),
  locales: yup
    .array()
    .of(yup.string().strict().oneOf(['en', 'fr'], 'locales are en and fr').required())
    .min(1, 'choose at least one language')
    .required('locales is required'),
});
