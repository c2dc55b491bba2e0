import type { Core } from '@strapi/strapi';
import type { ZodType } from 'zod';
import { emailBody, forgotBody, registerBody, registerResponse, resetBody, resetResponse, sentResponse } from '../routes/schemas';

interface Route {
  handler: string;
  request?: { body?: Record<string, ZodType> };
  response?: ZodType;
}

/** users-permissions routes this plugin answers: what they take and give now. */
const TAKEN_OVER: Record<string, { body: ZodType; response: ZodType }> = {
  'auth.register': { body: registerBody, response: registerResponse },
  'auth.forgotPassword': { body: forgotBody, response: sentResponse },
  'auth.resetPassword': { body: resetBody, response: resetResponse },
  'auth.sendEmailConfirmation': { body: emailBody, response: sentResponse },
};

/**
 * The users-permissions account routes keep their paths but this plugin answers them, with other
 * bodies: their schemas are replaced so that `strapi openapi generate` documents what is sent.
 */
export const describeTakenOverRoutes = (strapi: Core.Strapi) => {
  const routes = (strapi.plugin('users-permissions').routes as unknown as Record<string, { routes: Route[] }>)['content-api'].routes;
  for (const route of routes) {
    const schemas = TAKEN_OVER[route.handler];
    if (!schemas) continue;
    route.request = { ...route.request, body: { 'application/json': schemas.body } };
    route.response = schemas.response;
  }
};
