import type { Core } from '@strapi/strapi';
import type { PreviewService } from '../src/api/article/services/preview';
import { secrets } from '../src/environment/secrets';
import { DEFAULT_PUBLIC_URL } from '../src/environment/urls';

export default ({ env }: Core.Config.Shared.ConfigParams): Core.Config.Admin => ({
  auth: { secret: secrets().ADMIN_JWT_SECRET },
  apiToken: { salt: secrets().API_TOKEN_SALT },
  transfer: { token: { salt: secrets().TRANSFER_TOKEN_SALT } },
  secrets: { encryptionKey: secrets().ENCRYPTION_KEY },
  flags: {
    nps: env.bool('FLAG_NPS', false),
    promoteEE: env.bool('FLAG_PROMOTE_EE', false),
  },
  // The Preview button of a story opens its page (public/stories/story.html, served by this
  // server) in the admin; a draft is shown through a short-lived signed token, never a public URL.
  preview: {
    enabled: env.bool('PREVIEW_ENABLED', true),
    config: {
      allowedOrigins: [new URL(env('PUBLIC_URL', DEFAULT_PUBLIC_URL)).origin],
      handler: (uid, params) => (strapi.service('api::article.preview') as PreviewService).url(uid, params),
    },
  },
});
