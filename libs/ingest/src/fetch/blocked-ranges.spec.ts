import { blockedAddressReason } from './blocked-ranges';
import { formatIp, parseCidr, parseIp } from './ip-address';

describe('blockedAddressReason', () => {
  it.each([
    ['0.0.0.0', 'this network'],
    ['0.255.255.255', 'this network'],
    ['10.0.0.1', 'private'],
    ['10.255.255.255', 'private'],
    ['100.64.0.1', 'carrier-grade NAT'],
    ['100.127.255.255', 'carrier-grade NAT'],
    ['127.0.0.1', 'loopback'],
    ['127.8.9.10', 'loopback'],
    ['169.254.169.254', 'link-local'],
    ['172.16.0.0', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['224.0.0.1', 'multicast'],
    ['239.255.255.250', 'multicast'],
    ['255.255.255.255', 'broadcast'],
    ['::', 'unspecified'],
    ['::1', 'loopback'],
    ['0:0:0:0:0:0:0:1', 'loopback'],
    ['fe80::1', 'link-local'],
    ['fe80::1%eth0', 'link-local'],
    ['febf:ffff::1', 'link-local'],
    ['fc00::1', 'unique-local'],
    ['fd12:3456::1', 'unique-local'],
    ['ff02::1', 'multicast'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['::ffff:10.0.0.1', 'private'],
    ['::ffff:a9fe:a9fe', 'link-local'],
    ['[::ffff:192.168.0.1]', 'private'],
    ['::ffff:0:10.1.1.1', 'IPv4-translated form of a private'],
    ['64:ff9b::169.254.169.254', 'NAT64 form of a link-local'],
    ['2002:c0a8:0101::1', '6to4 form of a private'],
    ['::127.0.0.1', 'IPv4-compatible form of a loopback'],
  ])('refuses %s (%s)', (ip, words) => {
    expect(blockedAddressReason(ip)).toContain(words);
  });

  it.each(['8.8.8.8', '1.1.1.1', '172.15.255.255', '172.32.0.0', '100.63.255.255', '100.128.0.0', '169.253.255.255', '11.0.0.1', '223.255.255.255', '2606:4700::1111', '2001:4860:4860::8888', '::ffff:8.8.8.8', '64:ff9b::808:808', '2002:808:808::1'])(
    'lets public %s through',
    (ip) => {
      expect(blockedAddressReason(ip)).toBeNull();
    },
  );

  it('refuses what is not an IP address rather than guessing', () => {
    expect(blockedAddressReason('localhost')).toBe('not an IP address');
    expect(blockedAddressReason('127.1')).toBe('not an IP address');
  });
});

describe('ip-address helpers', () => {
  it('parses IPv6 with an embedded IPv4 tail and compressed zeros', () => {
    expect(formatIp(parseIp('::ffff:1.2.3.4')!)).toBe('::ffff:102:304');
    expect(formatIp(parseIp('2001:db8:0:0:1:0:0:1')!)).toBe('2001:db8::1:0:0:1');
    expect(parseIp('not-an-ip')).toBeNull();
  });

  it('masks host bits of a CIDR and refuses bad prefixes', () => {
    expect(formatIp(parseCidr('10.1.2.3/8')!.bytes)).toBe('10.0.0.0');
    expect(parseCidr('10.0.0.0/33')).toBeNull();
    expect(parseCidr('fd00::/129')).toBeNull();
    expect(parseCidr('[fd00::]/8')).toBeNull();
  });
});
