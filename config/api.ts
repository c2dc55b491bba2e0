import type { Core } from '@strapi/strapi';

export default (): Core.Config.Api => ({
  rest: {
    defaultLimit: 25,
    maxLimit: 100,
    withCount: true,
    // Unknown query parameters are a client bug: answer 400 instead of silently ignoring them.
    strictParams: true,
  },
});
