import { limitedByIp } from '../limits';
import { resendBody, sentResponse, verifyBody, verifyResponse } from './schemas';

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
        request: { body: { 'application/json': verifyBody } },
        response: verifyResponse,
      },
      {
        method: 'POST',
        path: '/auth/resend-code',
        handler: 'auth.resendCode',
        config: { auth: false, middlewares: [limitedByIp('resend')] },
        request: { body: { 'application/json': resendBody } },
        response: sentResponse,
      },
    ],
  },
};
