import type { Core } from '@strapi/strapi';
import { z, type ZodType } from 'zod';
import { emailBody, forgotBody, registerBody, registerResponse, resetBody, resetResponse, sentResponse } from '../routes/schemas';

interface Route {
  handler: string;
  request?: { body?: Record<string, ZodType> };
  response?: ZodType;
}

/** The user as answers carry it: users-permissions' fields and this plugin's (user-attributes.ts). */
const user = z
  .object({
    id: z.number(),
    documentId: z.string(),
    username: z.string(),
    email: z.string(),
    provider: z.string(),
    confirmed: z.boolean(),
    blocked: z.boolean(),
    firstName: z.string().nullable().optional(),
    lastName: z.string().nullable().optional(),
    organisation: z.string().nullable().optional(),
    country: z.string().nullable().optional(),
    locale: z.enum(['en', 'fr']).nullable().optional(),
  })
  .loose();
const session = z.object({ jwt: z.string(), refreshToken: z.string().optional(), user });

/**
 * Answers of users-permissions routes that carry users: its own schemas list only its own user
 * fields, and refuse any other.
 */
const USER_ANSWERS: Record<string, ZodType> = {
  'auth.callback': session,
  'auth.changePassword': session,
  'user.find': z.array(user),
  'user.me': user,
  'user.findOne': user,
  'user.create': user,
  'user.update': user,
  'user.destroy': user,
};

/** users-permissions routes this plugin answers: what they take and give now. */
const TAKEN_OVER: Record<string, { body: ZodType; response: ZodType }> = {
  'auth.register': { body: registerBody, response: registerResponse },
  'auth.forgotPassword': { body: forgotBody, response: sentResponse },
  'auth.resetPassword': { body: resetBody, response: resetResponse },
  'auth.sendEmailConfirmation': { body: emailBody, response: sentResponse },
};

/**
 * The users-permissions account routes keep their paths but this plugin answers them, with other
 * bodies, and its users carry this plugin's fields: their schemas are replaced so that
 * `strapi openapi generate` documents what is sent.
 */
export const describeTakenOverRoutes = (strapi: Core.Strapi) => {
  const routes = (strapi.plugin('users-permissions').routes as unknown as Record<string, { routes: Route[] }>)['content-api'].routes;
  for (const route of routes) {
    if (USER_ANSWERS[route.handler] && route.response) route.response = USER_ANSWERS[route.handler];
    const schemas = TAKEN_OVER[route.handler];
    if (!schemas) continue;
    route.request = { ...route.request, body: { 'application/json': schemas.body } };
    route.response = schemas.response;
  }
};
