import type { Core } from '@strapi/strapi';

// What the fresh apps with signup-verification share (scripts/fresh-app/run.sh copies this to
// config/parts/common.ts): the smoke test's SMTP sink at SMTP_HOST:SMTP_PORT, and the plugin
// entries the READMEs show for signup-verification and the plugins it requires.
type Env = Core.Config.Shared.ConfigParams['env'];

export const relay = (env: Env) => ({
  host: env('SMTP_HOST', '127.0.0.1'),
  port: env.int('SMTP_PORT', 25),
  secure: false,
});

export const signupPlugins = (env: Env) => ({
  // Strapi's email plugin with the nodemailer provider, installed in the app beside the plugins.
  email: {
    config: {
      provider: 'nodemailer',
      providerOptions: relay(env),
      settings: { defaultFrom: 'Fresh app <no-reply@fresh.example.org>', defaultReplyTo: 'no-reply@fresh.example.org' },
    },
  },
  'rate-limit': { enabled: true },
  'password-policy': { enabled: true },
  'mail-outbox': { enabled: true },
  'signup-verification': {
    enabled: true,
    config: { frontendOrigins: ['http://localhost:1337'] },
  },
});
