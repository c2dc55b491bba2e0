import { safeReturnTo } from '../return-to';

const ORIGINS = ['https://news.example.org', 'http://localhost:1337'];

describe('safeReturnTo', () => {
  it.each([
    ['a page of a frontend', 'https://news.example.org/videos/42?lang=fr#player', 'https://news.example.org/videos/42?lang=fr#player'],
    ['the local reference pages', 'http://localhost:1337/account/', 'http://localhost:1337/account/'],
  ])('keeps %s', (_label, value, expected) => {
    expect(safeReturnTo(value, ORIGINS)).toBe(expected);
  });

  it.each([
    ['another site', 'https://evil.example.com/phish'],
    ['a look-alike host', 'https://news.example.org.evil.example.com/'],
    ['credentials before the host', 'https://news.example.org@evil.example.com/'],
    ['another port', 'https://news.example.org:8443/'],
    ['another scheme', 'http://news.example.org/'],
    ['a protocol-relative path', '//evil.example.com/'],
    ['a javascript URL', 'javascript:alert(1)'],
    ['a relative path', '/account'],
    ['an empty string', ''],
    ['a number', 42],
  ])('drops %s', (_label, value) => {
    expect(safeReturnTo(value, ORIGINS)).toBeUndefined();
  });
});
