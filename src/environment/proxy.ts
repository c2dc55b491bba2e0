/**
 * TRUST_PROXY as the number of trusted reverse-proxy hops: unset, `false` or `0` = none (the
 * socket's address is the client), `true` = 1, or a whole number. koa then takes the client IP
 * from the last `hops` entries of X-Forwarded-For, the ones trusted proxies appended.
 */
export const trustedProxyHops = (value: string | undefined): number => {
  const text = (value ?? '').trim().toLowerCase();
  if (text === '' || text === 'false' || text === '0') return 0;
  if (text === 'true') return 1;
  if (/^\d+$/.test(text) && Number(text) <= 10) return Number(text);
  throw new Error(`TRUST_PROXY must be true, false or a number of proxy hops from 0 to 10, not "${value}"`);
};
