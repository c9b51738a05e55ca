import { isIP } from 'node:net';

/** An address as 4 (IPv4) or 16 (IPv6) bytes: comparing bytes avoids every textual alias (::ffff:7f00:1, 0::1...). */
export type IpBytes = Uint8Array;

export interface IpRange {
  bytes: IpBytes;
  prefix: number;
}

/** Parses an IPv4 or IPv6 literal (brackets and a %zone are tolerated); null when it is not one. */
export function parseIp(text: string): IpBytes | null {
  let s = text.trim();
  if (s.startsWith('[') && s.endsWith(']')) s = s.slice(1, -1);
  const zone = s.indexOf('%');
  if (zone >= 0) s = s.slice(0, zone);
  switch (isIP(s)) {
    case 4:
      return Uint8Array.from(s.split('.').map(Number));
    case 6:
      return parseIpv6(s);
    default:
      return null;
  }
}

function parseIpv6(s: string): IpBytes {
  // A trailing dotted quad (::ffff:1.2.3.4) becomes two hex groups.
  const lastColon = s.lastIndexOf(':');
  const tail = s.slice(lastColon + 1);
  if (tail.includes('.')) {
    const [a, b, c, d] = tail.split('.').map(Number);
    s = `${s.slice(0, lastColon + 1)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, rest] = s.split('::');
  const headGroups = head ? head.split(':') : [];
  const restGroups = rest === undefined ? null : rest ? rest.split(':') : [];
  const groups = restGroups === null ? headGroups : [...headGroups, ...Array(8 - headGroups.length - restGroups.length).fill('0'), ...restGroups];
  const bytes = new Uint8Array(16);
  groups.forEach((g, i) => {
    const v = parseInt(g, 16);
    bytes[2 * i] = v >> 8;
    bytes[2 * i + 1] = v & 0xff;
  });
  return bytes;
}

/** The IPv4 address inside an IPv4-mapped IPv6 one (::ffff:a.b.c.d), so both forms get the same verdict. */
export function unmapIpv4(ip: IpBytes): IpBytes {
  if (ip.length !== 16) return ip;
  for (let i = 0; i < 10; i++) if (ip[i] !== 0) return ip;
  return ip[10] === 0xff && ip[11] === 0xff ? ip.slice(12) : ip;
}

/** Parses "10.0.0.0/8" or "fd00::/8"; null when malformed. Host bits are masked off. */
export function parseCidr(text: string): IpRange | null {
  const m = /^([^/\s]+)\/(\d{1,3})$/.exec(text.trim());
  if (!m) return null;
  const bytes = parseIp(m[1]);
  const prefix = Number(m[2]);
  if (!bytes || m[1].includes('[') || prefix > bytes.length * 8) return null;
  return { bytes: mask(bytes, prefix), prefix };
}

export function inRange(ip: IpBytes, range: IpRange): boolean {
  if (ip.length !== range.bytes.length) return false;
  const masked = mask(ip, range.prefix);
  return masked.every((b, i) => b === range.bytes[i]);
}

export function sameIp(a: IpBytes, b: IpBytes): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

export function formatIp(ip: IpBytes): string {
  if (ip.length === 4) return ip.join('.');
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(((ip[i] << 8) | ip[i + 1]).toString(16));
  return groups.join(':').replace(/(^|:)0(:0)+(:|$)/, '::').replace(/:{3,}/, '::');
}

function mask(ip: IpBytes, prefix: number): IpBytes {
  const out = new Uint8Array(ip.length);
  for (let i = 0; i < ip.length; i++) {
    const bits = Math.max(0, Math.min(8, prefix - 8 * i));
    out[i] = ip[i] & (bits === 0 ? 0 : (0xff << (8 - bits)) & 0xff);
  }
  return out;
}
