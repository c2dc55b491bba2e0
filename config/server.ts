import type { Core } from '@strapi/strapi';
import { secrets } from '../src/environment/secrets';
import { trustedProxyHops } from '../src/environment/proxy';
import { DEFAULT_PUBLIC_URL } from '../src/environment/urls';

export default ({ env }: Core.Config.Shared.ConfigParams): Core.Config.Server => {
  const hops = trustedProxyHops(env('TRUST_PROXY'));
  return {
    host: env('HOST', '0.0.0.0'),
    port: env.int('PORT', 1337),
    url: env('PUBLIC_URL', DEFAULT_PUBLIC_URL),
    // TRUST_PROXY = the number of reverse proxies in front of the app (true = 1). The client IP is
    // then the X-Forwarded-For entry the outermost trusted proxy wrote, not the left-most one,
    // which the client writes itself (see src/environment/proxy.ts).
    proxy: { koa: hops > 0, maxIpsCount: hops },
    // The app's own cron.tasks (none today). The plugins' jobs (pruning codes, outbox rows and
    // rate-limit counters; stale uploads) run whatever this says (tests/api/plugin-timers.test.ts).
    cron: { enabled: true },
    app: { keys: secrets().APP_KEYS.split(',') },
    // Tests point this at a temporary folder so uploads never land in the working tree.
    dirs: { public: env('PUBLIC_DIR', './public') },
  };
};
