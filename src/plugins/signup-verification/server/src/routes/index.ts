import { limitedByIp } from '../limits';

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
        config: { auth: false, middlewares: [limitedByIp('verify')] },
      },
      {
        method: 'POST',
        path: '/auth/resend-code',
        handler: 'auth.resendCode',
        config: { auth: false, middlewares: [limitedByIp('resend')] },
      },
    ],
  },
};
