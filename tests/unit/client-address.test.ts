import { describe, expect, it } from 'vitest';
import { requestFactsFrom } from '@/features/consent/usage-facts';
import { clientAddressFrom, trustedProxyList, withPeerAddress } from '@/lib/client-address';

/** The headers the app sees once the server (scripts/serve.ts) has appended the socket's address. */
const seenFrom = (peer: string, sent: Record<string, string> = {}) => {
  const headers = new Headers(sent);
  headers.set('x-forwarded-for', withPeerAddress(sent['x-forwarded-for'], peer));
  return headers;
};

describe('P13.1 the client address is the peer the server saw, unless a trusted proxy says otherwise', () => {
  it('P13.1 a forged X-Forwarded-For (or X-Real-IP) without trusted proxies changes nothing', () => {
    for (const forged of ['198.51.100.1', '198.51.100.1, 198.51.100.2', 'garbage', '']) {
      const headers = seenFrom('203.0.113.66', { 'x-forwarded-for': forged, 'x-real-ip': '198.51.100.3' });
      expect(requestFactsFrom(headers, []).ip).toBe('203.0.113.66');
    }
  });

  it('believes X-Forwarded-For only through configured proxies, from the right', () => {
    const trusted = ['10.0.0.0/8', '::1'];
    // client → proxy 10.0.0.2 → proxy 10.0.0.1 → the server
    expect(clientAddressFrom(seenFrom('10.0.0.1', { 'x-forwarded-for': '198.51.100.1, 203.0.113.9, 10.0.0.2' }), trusted)).toBe('203.0.113.9');
    // What the client wrote to the left of the first untrusted hop is never believed.
    expect(clientAddressFrom(seenFrom('10.0.0.1', { 'x-forwarded-for': '198.51.100.1, 203.0.113.9' }), trusted)).toBe('203.0.113.9');
    // A peer that is not a trusted proxy is the client, whatever it forwards.
    expect(clientAddressFrom(seenFrom('203.0.113.66', { 'x-forwarded-for': '10.0.0.5' }), trusted)).toBe('203.0.113.66');
    expect(clientAddressFrom(seenFrom('::1', { 'x-forwarded-for': '2001:db8::7' }), trusted)).toBe('2001:db8::7');
  });

  it('reads IPv4 peers of a dual-stack socket as IPv4; refuses entries that are no address', () => {
    expect(clientAddressFrom(seenFrom('::ffff:203.0.113.66'), [])).toBe('203.0.113.66');
    expect(clientAddressFrom(seenFrom('10.0.0.1', { 'x-forwarded-for': 'not-an-ip' }), ['10.0.0.1'])).toBeNull();
    expect(clientAddressFrom(new Headers({ 'x-forwarded-for': withPeerAddress(undefined, undefined) }), [])).toBeNull();
    expect(clientAddressFrom(new Headers(), [])).toBeNull();
  });

  it('refuses a malformed TRUSTED_PROXIES entry instead of trusting nothing or everything', () => {
    expect(() => trustedProxyList(['10.0.0.0/33'])).toThrow(/TRUSTED_PROXIES/);
    expect(() => trustedProxyList(['proxy.internal'])).toThrow(/TRUSTED_PROXIES/);
    expect(trustedProxyList(['10.0.0.0/8', '2001:db8::/32', '192.0.2.1']).check('10.9.8.7')).toBe(true);
  });
});

describe('P13.1 limits count an IPv6 client by its /64 (one subscriber owns at least that much)', () => {
  it('P13.1 groups IPv6 addresses by /64 and leaves IPv4 addresses as they are', async () => {
    const { addressGroup } = await import('@/lib/client-address');
    expect(addressGroup('2001:db8:1:2::1')).toBe('2001:db8:1:2::/64');
    expect(addressGroup('2001:0DB8:0001:0002:ffff:1:2:3')).toBe('2001:db8:1:2::/64');
    expect(addressGroup('2001:db8::5')).toBe('2001:db8:0:0::/64');
    expect(addressGroup('::1')).toBe('0:0:0:0::/64');
    expect(addressGroup('2001:db8:1:3::1')).not.toBe(addressGroup('2001:db8:1:2::1'));
    expect(addressGroup('203.0.113.66')).toBe('203.0.113.66');
  });
});

describe('P13.1 a proxy in front of the app that is not in TRUSTED_PROXIES is reported, once', () => {
  it('P13.1 warns when a private-network peer forwards for others without being trusted, and stays quiet otherwise', async () => {
    const { proxyWatch } = await import('@/lib/client-address');
    const warnings: unknown[] = [];
    const watch = proxyWatch([], (fields) => warnings.push(fields));
    // nginx on the same host or network appends the client it serves: every client would share its address.
    watch('198.51.100.9', '127.0.0.1');
    watch('198.51.100.10', '127.0.0.1');
    watch('203.0.113.5', '10.0.0.2');
    expect(warnings).toEqual([
      { peer: '127.0.0.1', hint: expect.stringContaining('TRUSTED_PROXIES') },
      { peer: '10.0.0.2', hint: expect.stringContaining('TRUSTED_PROXIES') },
    ]);
    // A browser straight to the app, a public client forging the header, a configured proxy: nothing to say.
    const quiet: unknown[] = [];
    const trusted = proxyWatch(['127.0.0.1'], (fields) => quiet.push(fields));
    trusted(undefined, '192.168.1.20');
    trusted('198.51.100.9', '203.0.113.66');
    trusted('198.51.100.9', '127.0.0.1');
    trusted('198.51.100.9', '::ffff:127.0.0.1');
    expect(quiet).toEqual([]);
  });
});

describe('P4.2 the referrer kept as usage metadata', () => {
  it('is where the visitor came from, without the query (an invitation token, a search) or fragment', () => {
    const facts = (referer: string) => requestFactsFrom(new Headers({ referer }), []).referrer;
    expect(facts('https://sorgu.example/en/s/order-feedback?invite=abc#x')).toBe('https://sorgu.example/en/s/order-feedback');
    expect(facts('https://search.example/?q=cafe')).toBe('https://search.example/');
    expect(facts('not a url')).toBeNull();
  });
});
