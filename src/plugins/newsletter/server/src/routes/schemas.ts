import { z } from 'zod';

/* Request and response schemas of the public newsletter routes, for `strapi openapi generate`. */

const locale = z.enum(['en', 'fr']);
const token = z.string().describe("The token of the mail's link");

export const subscribeBody = z.object({
  email: z.string().optional().describe('Required without a JWT'),
  locale: locale.optional(),
});
export const subscribeResponse = z
  .object({ status: z.enum(['subscribed', 'pending']) })
  .describe('200 `subscribed` with a verified account; a visitor gets 202 `pending` and a confirmation mail');

export const tokenBody = z.object({ token });
export const subscribedResponse = z.object({ status: z.literal('subscribed') });

export const unsubscribeQuery = { token: token.optional() };
export const unsubscribeBody = {
  'application/json': z.object({ token: token.optional() }),
  'application/x-www-form-urlencoded': z.object({ 'List-Unsubscribe': z.literal('One-Click') }).describe('RFC 8058 one-click, token in the query'),
};
export const unsubscribedResponse = z.object({ status: z.literal('unsubscribed') });

const isoDate = z.string().nullable();
export const subscriptionResponse = z.object({
  data: z
    .object({
      status: z.enum(['pending', 'subscribed', 'unsubscribed', 'suppressed']),
      locale,
      source: z.enum(['form', 'account', 'import']),
      consentedAt: isoDate,
      confirmedAt: isoDate,
      unsubscribedAt: isoDate,
    })
    .nullable(),
});
