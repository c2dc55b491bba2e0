import { z } from 'zod';

/*
 * Request and response schemas of the account routes (this plugin's and the users-permissions
 * routes it answers), for `strapi openapi generate`. The controllers validate input themselves.
 */

const email = z.string().describe('Email address');
const returnTo = z.string().describe('A page of one of FRONTEND_URLS to come back to');
const locale = z.enum(['en', 'fr']);

/** The account as users-permissions sanitises it. */
const user = z
  .object({ id: z.number(), documentId: z.string(), email: z.string(), username: z.string(), confirmed: z.boolean(), blocked: z.boolean() })
  .catchall(z.unknown());

export const registerBody = z.object({
  email,
  password: z.string(),
  firstName: z.string().optional(),
  lastName: z.string().optional(),
  organisation: z.string().optional(),
  country: z.string().optional(),
  newsletter: z.boolean().optional(),
  locale: locale.optional(),
  returnTo: returnTo.optional(),
});
export const registerResponse = z.object({ status: z.literal('verification-pending'), email });

export const verifyBody = z.object({ email, code: z.string().describe('The 6 digits of the mail') });
export const verifyResponse = z.object({
  jwt: z.string(),
  user,
  returnTo: returnTo.optional(),
  refreshToken: z.string().optional().describe('When refresh sessions are on'),
});

export const resendBody = z.object({ email, purpose: z.enum(['signup', 'reset']) });
export const emailBody = z.object({ email });
export const sentResponse = z.object({ status: z.literal('sent') });

export const forgotBody = z.object({ email, returnTo: returnTo.optional() });

export const resetBody = z.object({ email, code: z.string(), password: z.string(), passwordConfirmation: z.string() });
export const resetResponse = z.object({ status: z.literal('password-updated'), returnTo: returnTo.optional() });
