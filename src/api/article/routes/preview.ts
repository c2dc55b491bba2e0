import { z } from 'zod';

/** The draft behind the admin's Preview button; the signed token is the only credential. */
export default {
  type: 'content-api',
  routes: [
    {
      method: 'POST',
      path: '/article-previews',
      handler: 'preview.show',
      request: {
        body: {
          'application/json': z.object({
            token: z.string().describe('The token of the URL fragment `#preview=` the admin\'s Preview button opened'),
          }),
        },
      },
      response: z.object({ data: z.record(z.string(), z.unknown()).describe('The draft story, populated as the public detail') }),
      config: { auth: false },
    },
  ],
};
