const limited = (name: string) => ({
  name: 'global::rate-limit',
  config: { bucket: `ip-${name}`, limitFrom: `plugin::signup-verification.ipLimits.${name}` },
});

export default {
  'content-api': {
    type: 'content-api',
    // The contract's paths sit beside users-permissions' own: /api/auth/...
    prefix: '',
    routes: [
      {
        method: 'POST',
        path: '/auth/verify-email',
        handler: 'auth.verifyEmail',
        config: { auth: false, middlewares: [limited('verify')] },
      },
      {
        method: 'POST',
        path: '/auth/resend-code',
        handler: 'auth.resendCode',
        config: { auth: false, middlewares: [limited('resend')] },
      },
    ],
  },
};

export { limited };
