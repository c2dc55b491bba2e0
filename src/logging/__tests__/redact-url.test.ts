import { REDACTED, redactUrl, SENSITIVE_QUERY_PARAMETERS } from '../redact-url';

describe('redactUrl', () => {
  it.each(SENSITIVE_QUERY_PARAMETERS)('hides the value of %s', (name) => {
    const url = redactUrl(`/api/anything?page=2&${name}=s3cr3t-value&sort=title`);
    expect(url).toBe(`/api/anything?page=2&${name}=${REDACTED}&sort=title`);
  });

  it('matches names whatever their case or percent-encoding, and repeated ones', () => {
    expect(redactUrl('/x?TOKEN=a1&token=b2&%74oken=c3')).toBe(`/x?TOKEN=${REDACTED}&token=${REDACTED}&%74oken=${REDACTED}`);
  });

  it('hides bracketed names such as filters[token]', () => {
    expect(redactUrl('/x?filters[token]=abc')).toBe(`/x?filters[token]=${REDACTED}`);
  });

  it('keeps harmless parameters and URLs without a query as they are', () => {
    expect(redactUrl('/api/articles?locale=fr&pagination[page]=2')).toBe('/api/articles?locale=fr&pagination[page]=2');
    expect(redactUrl('/api/articles')).toBe('/api/articles');
  });

  it('drops a query it cannot decode rather than log it', () => {
    expect(redactUrl('/x?%E0%A4%A=1&code=123456')).toBe(`/x?${REDACTED}`);
  });

  it('takes extra names', () => {
    expect(redactUrl('/x?ticket=abc', [...SENSITIVE_QUERY_PARAMETERS, 'ticket'])).toBe(`/x?ticket=${REDACTED}`);
  });
});
