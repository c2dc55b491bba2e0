import type { Core } from '@strapi/strapi';

// What the fresh apps that send mail share (scripts/fresh-app/run.sh copies this to
// config/parts/common.ts): the smoke test's SMTP sink at SMTP_HOST:SMTP_PORT.
type Env = Core.Config.Shared.ConfigParams['env'];

export const relay = (env: Env) => ({
  host: env('SMTP_HOST', '127.0.0.1'),
  port: env.int('SMTP_PORT', 25),
  secure: false,
});

/** Strapi's email plugin with the nodemailer provider, installed in the app beside the plugins. */
export const email = (env: Env) => ({
  config: {
    provider: 'nodemailer',
    providerOptions: relay(env),
    settings: { defaultFrom: 'Fresh app <no-reply@fresh.example.org>', defaultReplyTo: 'no-reply@fresh.example.org' },
  },
});
