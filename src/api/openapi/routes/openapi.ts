export default {
  type: 'content-api',
  routes: [
    {
      // docs/openapi.json, made by `npm run openapi` (strapi openapi generate) and committed.
      method: 'GET',
      path: '/openapi.json',
      handler: 'openapi.document',
      config: { auth: false },
    },
  ],
};
