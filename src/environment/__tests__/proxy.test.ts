import { trustedProxyHops } from '../proxy';

describe('TRUST_PROXY', () => {
  it.each([
    [undefined, 0],
    ['', 0],
    ['false', 0],
    ['0', 0],
    ['true', 1],
    ['TRUE', 1],
    ['1', 1],
    ['2', 2],
  ])('reads %p as %d trusted hops', (value, hops) => {
    expect(trustedProxyHops(value)).toBe(hops);
  });

  it.each(['yes', '-1', '1.5', '11'])('refuses %p with a message naming the variable', (value) => {
    expect(() => trustedProxyHops(value)).toThrow(/TRUST_PROXY/);
  });
});
