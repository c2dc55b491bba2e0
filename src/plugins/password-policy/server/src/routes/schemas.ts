import { z } from 'zod';

/*
 * Request and response schemas of the plugin's routes, for `strapi openapi generate`. Answers are
 * validated by the services; these describe them.
 */

const rule = z
  .object({
    id: z.string().describe('Rule id, as listed in `failures`'),
    message: z.string().describe("The rule in the reader's language (Accept-Language or ?locale)"),
  })
  .catchall(z.unknown())
  .describe("A rule and its parameters (e.g. `min`)");

export const describeResponse = z.object({
  rules: z.array(rule),
  minLength: z.number().int(),
  maxBytes: z.number().int(),
});

export const checkBody = z.object({
  password: z.string(),
  email: z.string().optional().describe('Checked against the rule "must not contain the email\'s local part"'),
});

export const checkResponse = z.object({
  valid: z.boolean(),
  failures: z.array(z.string()).describe('Ids of the rules the password fails'),
});
