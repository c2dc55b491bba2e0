import { z } from 'zod';

/* Request and response schemas of the public download routes, for `strapi openapi generate`. */

export const grantParams = { documentId: z.string().describe("The video asset's documentId") };
export const grantQuery = { locale: z.enum(['en', 'fr']).optional().describe('Language of the file name') };
export const grantBody = z.object({ rendition: z.string().describe('A rendition kind, e.g. broadcast-master') });
export const grantResponse = z.object({
  url: z.string().describe('Signed, short-lived; answers Content-Disposition: attachment'),
  expiresAt: z.string(),
  filename: z.string(),
});

export const fileParams = { id: z.string().describe('Download record') };
export const fileQuery = { expires: z.string(), signature: z.string() };
