import { validateYupSchema, yup } from '@strapi/utils';
import { isWellFormedText } from '../rules';

/** Body of POST /api/password-policy/check; unknown keys are refused. */
export const checkBodySchema = yup
  .object({
    password: yup
      .string()
      .strict()
      .required('password is required')
      .test('utf8', 'password is not valid UTF-8 text', (value) => !value || isWellFormedText(value)),
    email: yup.string().strict().max(254).optional(),
    username: yup.string().strict().max(254).optional(),
    locale: yup.string().strict().oneOf(['en', 'fr']).optional(),
  })
  .noUnknown(true, 'unknown field: ${unknown}')
  .strict()
  .required();

export interface CheckBody {
  password: string;
  email?: string;
  username?: string;
  locale?: 'en' | 'fr';
}

export const validateCheckBody = validateYupSchema(checkBodySchema) as (body: unknown) => Promise<CheckBody>;
