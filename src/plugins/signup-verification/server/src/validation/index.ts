import { validateYupSchema, yup } from '@strapi/utils';
import { PURPOSES } from '../config';

// RFC 5321 caps an address at 254 characters; one `@`, a dot in the domain, no spaces.
const email = () =>
  yup
    .string()
    .strict()
    .trim()
    .max(254, 'email is too long')
    .matches(/^[^\s@]+@[^\s@]+\.[^\s@]+$/, { message: 'email must be a valid email address', excludeEmptyString: true })
    .required('email is required');
const text = (max: number) => yup.string().strict().max(max).optional();
const object = <T extends Record<string, yup.AnySchema>>(shape: T) =>
  yup.object(shape).noUnknown(true, 'unknown field: ${unknown}').strict().required();

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

export const verifyBody = object({
  email: email(),
  code: yup.string().strict().matches(/^\d{6}$/, 'code must be six digits').required('code is required'),
});

export const resendBody = object({
  email: email(),
  purpose: yup.string().strict().oneOf(PURPOSES, 'purpose must be signup or reset').required('purpose is required'),
});

export const forgotBody = object({ email: email(), returnTo: text(2000) });

export const resetBody = object({
  email: email(),
  code: yup.string().strict().matches(/^\d{6}$/, 'code must be six digits').required('code is required'),
  password: yup.string().strict().required('password is required'),
  passwordConfirmation: yup
    .string()
    .strict()
    .required('passwordConfirmation is required')
    .oneOf([yup.ref('password')], 'passwords do not match'),
});

export const validate = <T extends yup.AnySchema>(schema: T) =>
  validateYupSchema(schema) as (body: unknown) => Promise<yup.InferType<T>>;
