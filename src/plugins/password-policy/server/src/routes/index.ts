import { checkBody, checkResponse, describeResponse } from './schemas';

export default {
  'content-api': {
    type: 'content-api',
    // Empty prefix: the contract's paths are /api/password-policy, not /api/password-policy/password-policy.
    prefix: '',
    routes: [
      {
        method: 'GET',
        path: '/password-policy',
        handler: 'policy.describe',
        config: { auth: false },
        response: describeResponse,
      },
      {
        method: 'POST',
        path: '/password-policy/check',
        handler: 'policy.check',
        request: { body: { 'application/json': checkBody } },
        response: checkResponse,
        config: {
          auth: false,
          middlewares: [
            { name: 'plugin::rate-limit.ip-limit', config: { limit: 'password-policy.check' } },
          ],
        },
      },
    ],
  },
};
