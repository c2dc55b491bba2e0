/**
 * `returnTo` as given when its origin is one of the frontends, otherwise undefined: a link in our
 * answers must never send a user to someone else's site.
 */
export const safeReturnTo = (value: unknown, origins: string[]): string | undefined => {
  if (typeof value !== 'string' || value === '') return undefined;
  try {
    const url = new URL(value);
    return origins.includes(url.origin) && ['http:', 'https:'].includes(url.protocol) ? url.toString() : undefined;
  } catch {
    return undefined;
  }
};
