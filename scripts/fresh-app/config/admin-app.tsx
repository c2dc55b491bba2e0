// src/admin/app.tsx of the fresh apps (scripts/fresh-app/run.sh): French offered in the admin, as
// a newsroom writing in English and French would have it (create-strapi-app's example lists it
// commented out); the plugins' admin texts come in both languages.
export default {
  config: {
    locales: ['fr'],
  },
};
