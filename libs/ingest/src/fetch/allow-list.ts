import { AllowListError } from './allow-list.error';
import { IpBytes, IpRange, inRange, parseCidr, parseIp, sameIp, unmapIpv4 } from './ip-address';

type Entry =
  | { kind: 'host'; host: string; port?: number }
  | { kind: 'ip'; ip: IpBytes; port?: number }
  | { kind: 'cidr'; range: IpRange };

const HOST_NAME = /^(?=.{1,253}\.?$)[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?(?:\.[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?)*\.?$/i;

/**
 * The operator's exceptions to the SSRF guard: internal targets a source may
 * legitimately live at. Entries are `host`, `host:port`, an IP (`10.1.2.3`,
 * `[fd00::1]:8080`) or a CIDR range (`10.0.0.0/8`). An entry with a port
 * permits that port only: `127.0.0.1:8080` does not open the rest of the host.
 */
export class AllowList {
  private constructor(
    private readonly items: readonly Entry[],
    readonly entries: readonly string[],
  ) {}

  static readonly empty = new AllowList([], []);

  /** Parses a comma-separated string or a list of entries; throws AllowListError naming the first bad entry. */
  static parse(input: string | readonly string[]): AllowList {
    const raw = (typeof input === 'string' ? input.split(',') : input).map((e) => e.trim()).filter(Boolean);
    return new AllowList(raw.map(parseEntry), raw);
  }

  get size(): number {
    return this.items.length;
  }

  /**
   * Whether connecting to `ip` on `port`, for a URL naming `hostname`, is
   * permitted although the address is internal. The IP is the resolved one
   * about to be connected to; the hostname is the one in the URL.
   */
  permits(ip: string, hostname: string, port: number): boolean {
    const addr = parseIp(ip);
    const host = normaliseHost(hostname);
    return this.items.some((e) => {
      switch (e.kind) {
        case 'host':
          return e.host === host && (e.port === undefined || e.port === port);
        case 'ip':
          return !!addr && sameIp(unmapIpv4(addr), e.ip) && (e.port === undefined || e.port === port);
        case 'cidr':
          return !!addr && inRange(unmapIpv4(addr), e.range);
      }
    });
  }
}

function parseEntry(entry: string): Entry {
  if (entry.includes('/')) {
    const range = parseCidr(entry);
    if (!range) throw new AllowListError(entry, 'is not a CIDR range such as 10.0.0.0/8 or fd00::/8');
    // ::ffff:10.0.0.0/104 is 10.0.0.0/8 written the IPv6 way; addresses are unmapped before matching too.
    const v4 = range.bytes.length === 16 && range.prefix >= 96 ? unmapIpv4(range.bytes) : range.bytes;
    return { kind: 'cidr', range: v4.length === 4 && range.bytes.length === 16 ? { bytes: v4, prefix: range.prefix - 96 } : range };
  }
  const bareV6 = parseIp(entry);
  if (bareV6 && entry.includes(':') && !entry.startsWith('[')) return { kind: 'ip', ip: unmapIpv4(bareV6) };

  const m = /^(\[[^\]]+\]|[^:[\]]+)(?::(\d{1,5}))?$/.exec(entry);
  if (!m) throw new AllowListError(entry, 'is not a host, host:port, IP address or CIDR range');
  const port = m[2] === undefined ? undefined : Number(m[2]);
  if (port !== undefined && (port < 1 || port > 65535)) throw new AllowListError(entry, 'has a port outside 1-65535');
  const ip = parseIp(m[1]);
  if (m[1].startsWith('[') && (!ip || ip.length !== 16)) throw new AllowListError(entry, 'has brackets around something that is not an IPv6 address');
  if (ip) return { kind: 'ip', ip: unmapIpv4(ip), port };
  if (/^[\d.]+$/.test(m[1])) throw new AllowListError(entry, 'is not a valid IPv4 address');
  if (!HOST_NAME.test(m[1])) throw new AllowListError(entry, 'is not a valid host name');
  return { kind: 'host', host: normaliseHost(m[1]), port };
}

function normaliseHost(host: string): string {
  return host.toLowerCase().replace(/^\[|\]$/g, '').replace(/\.$/, '');
}
