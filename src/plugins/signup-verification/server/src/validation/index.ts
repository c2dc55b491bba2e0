import { validateYupSchema, yup } from '@strapi/utils';
import { PURPOSES } from '../config';

// Trimmed and lower-cased first, then checked with yup's own email test (RFC 5321 caps an
// address at 254 characters). Only a string is trimmed: anything else stays as sent and fails the
// type check (yup's own trim() would call .trim() on an object and throw). Other fields are
// strict: a number is not a code.
const email = () =>
  yup
    .string()
    .transform((_value: unknown, original: unknown) => (typeof original === 'string' ? original.trim().toLowerCase() : original))
    .typeError('email must be a valid email address')
    .max(254, 'email is too long')
    .email('email must be a valid email address')
    .required('email is required');
const text = (max: number) => yup.string().strict().max(max).optional();
const code = () => yup.string().strict().matches(/^\d{6}$/, 'code must be six digits').required('code is required');
// Unknown keys are refused by looking at the body as sent: yup's own noUnknown() silently strips
// them once casting is on (and casting is what trims the email).
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

export const registerBody = object({
  email: email(),
  password: yup.string().strict().required('password is required'),
  firstName: text(100),
  lastName: text(100),
  organisation: text(200),
  country: yup.string().strict().matches(/^[A-Z]{2}$/, 'country must be an ISO 3166-1 alpha-2 code such as FR').optional(),
  newsletter: yup.boolean().strict().optional(),
  locale: yup.string().strict().oneOf(['en', 'fr'], 'locale must be en or fr').optional(),
  returnTo: text(2000),
});

export const verifyBody = object({ email: email(), code: code() });

export const resendBody = object({
  email: email(),
  purpose: yup.string().strict().oneOf(PURPOSES, 'purpose must be signup or reset').required('purpose is required'),
});

export const forgotBody = object({ email: email(), returnTo: text(2000) });

export const emailBody = object({ email: email() });

export const resetBody = object({
  email: email(),
  code: code(),
  password: yup.string().strict().required('password is required'),
  passwordConfirmation: yup
    .string()
    .strict()
    .required('passwordConfirmation is required')
    .oneOf([yup.ref('password')], 'passwords do not match'),
});

/** Validates and returns the cleaned body (email trimmed and lower-cased); 400 ValidationError otherwise. */
export const validate = <T extends yup.AnySchema>(schema: T) =>
  validateYupSchema(schema, { strict: false }) as (body: unknown) => Promise<yup.InferType<T>>;
