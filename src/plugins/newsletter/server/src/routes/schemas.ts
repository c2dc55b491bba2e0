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
      suppressedAt: isoDate,
      suppressionReason: z.enum(['hard-bounce', 'soft-bounces', 'complaint', 'refused', 'staff']).nullable(),
    })
    .nullable(),
});

/* Bounce and complaint sources. Each answers what the call did; a repeated event counts as a duplicate. */
export const eventsResponse = z
  .object({
    received: z.number().int().describe('Events in the call (recipients of a DSN, records, array entries)'),
    recorded: z.number().int().describe('Events recorded and applied now'),
    duplicates: z.number().int().describe('Events already recorded by an earlier delivery of the same call'),
    ignored: z.number().int().describe('Events of another kind, naming no delivery of ours, or with a VERP token that does not verify'),
  })
  .describe('200; 401 without valid credentials, 403 for a signature that does not verify, 404 while the source is not configured');

export const inboundBody = {
  'message/rfc822': z.string().describe('The bounce or complaint mail as received: an RFC 3464 DSN or an RFC 5965 ARF report'),
  'text/plain': z.string().describe('The same, sent as text'),
};
export const sesBody = {
  'text/plain': z
    .object({
      Type: z.enum(['SubscriptionConfirmation', 'Notification', 'UnsubscribeConfirmation']),
      MessageId: z.string(),
      TopicArn: z.string().describe('Must be one of NEWSLETTER_SES_TOPIC_ARNS'),
      Message: z.string().describe('JSON of an SES Bounce or Complaint notification'),
      Timestamp: z.string(),
      SignatureVersion: z.enum(['1', '2']),
      Signature: z.string(),
      SigningCertURL: z.string().describe('https, on a host matching the SNS host pattern'),
      SubscribeURL: z.string().optional(),
      Token: z.string().optional(),
    })
    .describe('An Amazon SNS message, as SNS posts it (Content-Type text/plain)'),
};
const postmarkRecord = z.object({
  RecordType: z.enum(['Bounce', 'SpamComplaint']),
  ID: z.union([z.number(), z.string()]),
  Type: z.string().describe('HardBounce, SoftBounce, SpamComplaint…'),
  Email: z.string(),
  BouncedAt: z.string().optional(),
  Details: z.string().optional(),
  Metadata: z.record(z.string(), z.string()).optional(),
});
export const postmarkBody = { 'application/json': z.union([postmarkRecord, z.array(postmarkRecord)]) };
export const sendgridBody = {
  'application/json': z
    .array(
      z.object({
        event: z.string().describe('bounce and spamreport are acted on; others are ignored'),
        sg_event_id: z.string(),
        email: z.string(),
        timestamp: z.number().int(),
        type: z.enum(['bounce', 'blocked']).optional(),
        status: z.string().optional(),
        reason: z.string().optional(),
      })
    )
    .describe('Signed: X-Twilio-Email-Event-Webhook-Signature over X-Twilio-Email-Event-Webhook-Timestamp and the exact body'),
};
