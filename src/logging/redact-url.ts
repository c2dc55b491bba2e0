/** Query parameters whose values are secrets: codes, tokens, signatures of signed URLs. */
export const SENSITIVE_QUERY_PARAMETERS = [
  'code',
  'confirmation',
  'token',
  'signature',
  'sig',
  'X-Amz-Signature',
  'X-Amz-Credential',
  'X-Amz-Security-Token',
  'access_token',
  'refresh_token',
  'unsubscribe',
];

export const REDACTED = '[redacted]';

/**
 * The URL with the value of every sensitive query parameter replaced, for logs. Names match
 * case-insensitively and after percent-decoding, so `?Token=` or `?%74oken=` are caught too; a
 * query that cannot be decoded is dropped whole rather than logged.
 */
export const redactUrl = (url: string, sensitive: string[] = SENSITIVE_QUERY_PARAMETERS): string => {
  const mark = url.indexOf('?');
  if (mark === -1) return url;
  const names = new Set(sensitive.map((name) => name.toLowerCase()));
  const path = url.slice(0, mark);
  const [query, fragment] = url.slice(mark + 1).split('#', 2);
  try {
    const parts = query.split('&').map((pair) => {
      const equals = pair.indexOf('=');
      const rawName = equals === -1 ? pair : pair.slice(0, equals);
      const name = decodeURIComponent(rawName.replace(/\+/g, ' ')).trim().toLowerCase();
      // `a[b]=…` style names are checked by their last bracketed part as well.
      const last = /\[([^\]]*)\]$/.exec(name)?.[1];
      return names.has(name) || (last !== undefined && names.has(last)) ? `${rawName}=${REDACTED}` : pair;
    });
    return `${path}?${parts.join('&')}${fragment === undefined ? '' : `#${fragment}`}`;
  } catch {
    return `${path}?${REDACTED}`;
  }
};
