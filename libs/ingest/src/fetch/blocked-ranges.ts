import { IpBytes, IpRange, inRange, parseCidr, parseIp, unmapIpv4 } from './ip-address';

interface Blocked {
  range: IpRange;
  reason: string;
}

const table = (rows: [string, string][]): Blocked[] => rows.map(([cidr, reason]) => ({ range: parseCidr(cidr)!, reason }));

// Everything a feed on the public internet never lives at. A fetch that
// resolves here is either a misconfiguration or someone using us to reach
// internal services (SSRF), e.g. a cloud metadata endpoint at 169.254.169.254.
const BLOCKED_V4 = table([
  ['0.0.0.0/8', 'a "this network" address'],
  ['10.0.0.0/8', 'a private network address'],
  ['100.64.0.0/10', 'a carrier-grade NAT address'],
  ['127.0.0.0/8', 'a loopback address'],
  ['169.254.0.0/16', 'a link-local address (where cloud metadata services answer)'],
  ['172.16.0.0/12', 'a private network address'],
  ['192.0.0.0/24', 'a reserved protocol address'],
  ['192.0.2.0/24', 'a documentation address'],
  ['192.88.99.0/24', 'a reserved relay address'],
  ['192.168.0.0/16', 'a private network address'],
  ['198.18.0.0/15', 'a benchmarking address'],
  ['198.51.100.0/24', 'a documentation address'],
  ['203.0.113.0/24', 'a documentation address'],
  ['224.0.0.0/4', 'a multicast address'],
  ['240.0.0.0/4', 'a reserved or broadcast address'],
]);

const BLOCKED_V6 = table([
  ['::/128', 'the unspecified address'],
  ['::1/128', 'a loopback address'],
  ['64:ff9b:1::/48', 'a local NAT64 address'],
  ['100::/64', 'a discard-only address'],
  ['2001::/32', 'a Teredo tunnel address'],
  ['2001:db8::/32', 'a documentation address'],
  ['fc00::/7', 'a unique-local (private) address'],
  ['fe80::/10', 'a link-local address'],
  ['fec0::/10', 'a site-local address'],
  ['ff00::/8', 'a multicast address'],
]);

// IPv6 forms that carry an IPv4 address: judged by the IPv4 address inside,
// so ::ffff:10.0.0.1 or 64:ff9b::a9fe:a9fe cannot sneak past the IPv4 table.
const EMBEDDING_V6: { range: IpRange; v4At: number; form: string }[] = [
  { range: parseCidr('::ffff:0:0/96')!, v4At: 12, form: 'IPv4-mapped' },
  { range: parseCidr('::ffff:0:0:0/96')!, v4At: 12, form: 'IPv4-translated' },
  { range: parseCidr('64:ff9b::/96')!, v4At: 12, form: 'NAT64' },
  { range: parseCidr('::/96')!, v4At: 12, form: 'IPv4-compatible' },
  { range: parseCidr('2002::/16')!, v4At: 2, form: '6to4' },
];

/**
 * Why a fetch must not connect to this address, in plain words, or null when
 * it is a public address. Unparseable input is refused too.
 */
export function blockedAddressReason(address: string | IpBytes): string | null {
  const parsed = typeof address === 'string' ? parseIp(address) : address;
  if (!parsed) return 'not an IP address';
  const ip = unmapIpv4(parsed);
  if (ip.length === 4) return BLOCKED_V4.find((b) => inRange(ip, b.range))?.reason ?? null;
  const direct = BLOCKED_V6.find((b) => inRange(ip, b.range));
  if (direct) return direct.reason;
  for (const e of EMBEDDING_V6) {
    if (!inRange(ip, e.range)) continue;
    const inner = blockedAddressReason(ip.slice(e.v4At, e.v4At + 4));
    if (inner) return `the ${e.form} form of ${inner}`;
  }
  return null;
}
