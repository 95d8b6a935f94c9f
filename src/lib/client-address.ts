import { BlockList, isIP } from 'node:net';

/**
 * The client's address, as far as this server can know it. Pure: no I/O.
 *
 * Next.js gives an application no peer address (`NextRequest.ip` was removed in Next 15; server
 * actions and pages only see headers). What it does is set `X-Forwarded-For` to the socket's
 * address **only when the request has none** — so a client that sends its own header erases the
 * one fact the server saw. The app's server (scripts/serve.ts, what `npm start` runs) therefore
 * appends the socket's address to `X-Forwarded-For` on every request, as a proxy would
 * ({@link withPeerAddress}); the rightmost entry is then always the peer the server itself saw.
 *
 * {@link clientAddressFrom} walks that list from the right and believes an entry to its left only
 * while the entry it stands on is a configured trusted proxy (TRUSTED_PROXIES, empty by default):
 * without trusted proxies the answer is the peer, whatever the client wrote.
 */

/** `X-Forwarded-For` with the connection's peer address appended (what scripts/serve.ts sends on). */
export function withPeerAddress(forwardedFor: string | string[] | undefined, peer: string | undefined): string {
  const prior = (Array.isArray(forwardedFor) ? forwardedFor.join(', ') : forwardedFor)?.trim();
  // No peer (the socket already closed): an entry that is no address, so nobody is believed.
  const last = peer || 'unknown';
  return prior ? `${prior}, ${last}` : last;
}

/** `::ffff:192.0.2.1` (an IPv4 peer on a dual-stack socket) is 192.0.2.1; anything else as written. */
export function normalizeAddress(raw: string): string | null {
  let address = raw.trim();
  if (address.startsWith('[') && address.includes(']')) address = address.slice(1, address.indexOf(']'));
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) address = mapped[1]!;
  return isIP(address) ? address.toLowerCase() : null;
}

/** TRUSTED_PROXIES as written (comma- or space-separated) → its entries. */
export function trustedProxyEntries(value: string | undefined): string[] {
  return (value ?? '').split(/[\s,]+/).filter(Boolean);
}

/**
 * Parses TRUSTED_PROXIES entries (addresses or CIDR ranges, IPv4 or IPv6). Throws on an entry that
 * is neither, so a typo fails at start-up instead of silently trusting nothing (or everything).
 */
export function trustedProxyList(entries: readonly string[]): BlockList {
  const list = new BlockList();
  for (const entry of entries) {
    const [base, prefix, ...rest] = entry.trim().split('/');
    const address = base ? normalizeAddress(base) : null;
    const family = address && isIP(address) === 6 ? 'ipv6' : 'ipv4';
    const bits = prefix === undefined ? undefined : Number(prefix);
    if (!address || rest.length || (bits !== undefined && (!/^\d+$/.test(prefix!) || bits > (family === 'ipv6' ? 128 : 32)))) {
      throw new Error(`TRUSTED_PROXIES: "${entry}" is not an IP address or CIDR range`);
    }
    if (bits === undefined) list.addAddress(address, family);
    else list.addSubnet(address, bits, family);
  }
  return list;
}

function isTrusted(list: BlockList, address: string): boolean {
  return list.check(address, isIP(address) === 6 ? 'ipv6' : 'ipv4');
}

/**
 * The client address: the rightmost `X-Forwarded-For` entry that is not a trusted proxy, reached
 * only through trusted proxies. Null when there is none or it is not an IP address.
 */
export function clientAddressFrom(headers: Headers, trustedProxies: readonly string[] | BlockList): string | null {
  const hops = (headers.get('x-forwarded-for') ?? '').split(',').map((h) => h.trim()).filter(Boolean);
  const trusted = trustedProxies instanceof BlockList ? trustedProxies : trustedProxyList(trustedProxies);
  let client: string | null = null;
  while (hops.length > 0) {
    client = normalizeAddress(hops.pop()!);
    if (!client || !isTrusted(trusted, client)) break;
  }
  return client;
}

/**
 * The unit a limit counts an address by: an IPv4 address as it is; an IPv6 address by its /64,
 * written `a:b:c:d::/64`. One IPv6 subscriber is given at least a /64 (RFC 6177), so it can send
 * each request from a new address; counting addresses would be counting nothing.
 */
export function addressGroup(address: string): string {
  if (isIP(address) !== 6) return address;
  const [head = '', tail = ''] = address.toLowerCase().split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  // An embedded IPv4 tail (::ffff:1.2.3.4 is normalized away earlier) takes two groups.
  const rightGroups = right.reduce((n, g) => n + (g.includes('.') ? 2 : 1), 0);
  const groups = address.includes('::') ? [...left, ...Array<string>(8 - left.length - rightGroups).fill('0'), ...right] : left;
  return `${groups.slice(0, 4).map((g) => g.replace(/^0+(?=.)/, '')).join(':')}::/64`;
}

/** Loopback, private and link-local ranges: where a reverse proxy in front of the app usually is. */
const PROXY_NETWORKS = trustedProxyList(['127.0.0.0/8', '10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '169.254.0.0/16', '::1', 'fc00::/7', 'fe80::/10']);

/**
 * A watch for a misconfigured deployment: a peer on a private network that forwards requests for
 * others (`X-Forwarded-For` already set) but is not in TRUSTED_PROXIES is a proxy the app does not
 * believe — every client behind it then shares the proxy's address, in login throttling and rate
 * limits alike. Reported once per peer (at most 16), so the log says it without flooding.
 */
export function proxyWatch(trustedProxies: readonly string[], warn: (fields: { peer: string; hint: string }) => void) {
  const trusted = trustedProxyList(trustedProxies);
  const reported = new Set<string>();
  return (forwardedFor: string | string[] | undefined, rawPeer: string | undefined) => {
    const peer = rawPeer ? normalizeAddress(rawPeer) : null;
    if (!forwardedFor?.length || !peer || reported.has(peer) || reported.size >= 16) return;
    if (isTrusted(trusted, peer) || !isTrusted(PROXY_NETWORKS, peer)) return;
    reported.add(peer);
    warn({ peer, hint: `requests arrive through ${peer} with X-Forwarded-For, but it is not in TRUSTED_PROXIES: every client behind it shares its address in rate limits and login throttling` });
  };
}
