/** Default for PUBLIC_URL and FRONTEND_URLS: the reference pages are served by Strapi itself. */
export const DEFAULT_PUBLIC_URL = 'http://localhost:1337';

/** Origins of FRONTEND_URLS (comma list); CORS and `returnTo` checks use these. */
export const frontendOrigins = (value: string | undefined): string[] =>
  (value ?? DEFAULT_PUBLIC_URL)
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '')
    .map((entry) => new URL(entry).origin);
