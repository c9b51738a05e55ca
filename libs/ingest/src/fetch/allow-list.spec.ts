import { AppConfig, ConfigError } from '@app/config';
import { AllowList } from './allow-list';
import { AllowListError } from './allow-list.error';

describe('AllowList', () => {
  it('parses hosts, host:ports, IPs, bracketed IPv6 and CIDR ranges from a comma-separated string', () => {
    const list = AllowList.parse(' intranet.example , feeds.corp:8443,10.1.2.3,[fd00::5]:8080, 192.168.0.0/16 ,fd00:abcd::/32,::1,');
    expect(list.size).toBe(7);
    expect(list.entries).toEqual(['intranet.example', 'feeds.corp:8443', '10.1.2.3', '[fd00::5]:8080', '192.168.0.0/16', 'fd00:abcd::/32', '::1']);
  });

  it('an entry with a port permits that port only', () => {
    const list = AllowList.parse('127.0.0.1:8080');
    expect(list.permits('127.0.0.1', '127.0.0.1', 8080)).toBe(true);
    expect(list.permits('127.0.0.1', '127.0.0.1', 8081)).toBe(false);
    expect(list.permits('127.0.0.2', '127.0.0.2', 8080)).toBe(false);
    // The same address by another name, or in its IPv4-mapped form, is the same target.
    expect(list.permits('127.0.0.1', 'localhost', 8080)).toBe(true);
    expect(list.permits('::ffff:127.0.0.1', 'localhost', 8080)).toBe(true);
  });

  it('a host entry matches the URL host name, whatever it resolves to, on any port unless one is given', () => {
    const list = AllowList.parse('Intranet.Example,feeds.corp:8443');
    expect(list.permits('10.9.9.9', 'intranet.example', 80)).toBe(true);
    expect(list.permits('10.9.9.9', 'intranet.example.', 9999)).toBe(true);
    expect(list.permits('10.9.9.9', 'other.example', 80)).toBe(false);
    expect(list.permits('10.9.9.9', 'feeds.corp', 8443)).toBe(true);
    expect(list.permits('10.9.9.9', 'feeds.corp', 443)).toBe(false);
  });

  it('a CIDR entry matches addresses in the range, IPv4 or IPv6', () => {
    const list = AllowList.parse('10.0.0.0/8,fd00::/8,::ffff:192.168.0.0/112');
    expect(list.permits('10.200.1.1', 'x', 80)).toBe(true);
    expect(list.permits('11.0.0.1', 'x', 80)).toBe(false);
    expect(list.permits('fd12::1', 'x', 80)).toBe(true);
    expect(list.permits('fe80::1', 'x', 80)).toBe(false);
    expect(list.permits('192.168.3.4', 'x', 80)).toBe(true);
    expect(list.permits('192.169.3.4', 'x', 80)).toBe(false);
  });

  it('the empty list permits nothing', () => {
    expect(AllowList.parse('').permits('127.0.0.1', 'localhost', 80)).toBe(false);
    expect(AllowList.empty.size).toBe(0);
  });

  it.each([
    ['bad entry', 'not a valid host name'],
    ['http://intranet.example', 'not a CIDR range'],
    ['10.0.0.0/33', 'not a CIDR range'],
    ['host:0', 'port outside'],
    ['host:70000', 'port outside'],
    ['999.1.1.1', 'not a valid IPv4 address'],
    ['[intranet]:80', 'brackets'],
    ['a:b:c', 'not a host'],
  ])('refuses "%s", naming it', (entry, problem) => {
    let error: unknown;
    try {
      AllowList.parse(`ok.example,${entry}`);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AllowListError);
    expect((error as AllowListError).entry).toBe(entry);
    expect((error as Error).message).toContain(`"${entry}"`);
    expect((error as Error).message).toContain(problem);
  });
});

describe('FETCH_ALLOWLIST in the configuration', () => {
  const load = (value: string) => AppConfig.load({ FETCH_ALLOWLIST: value }, '');

  it('is a list of trimmed entries, empty by default', () => {
    expect(AppConfig.load({}, '').fetchAllowList).toEqual([]);
    expect(load(' a.example , 127.0.0.1:8080 ').fetchAllowList).toEqual(['a.example', '127.0.0.1:8080']);
    expect(load('a.example,10.0.0.0/8').with({ FETCH_MAX_REDIRECTS: '2' }).fetchAllowList).toEqual(['a.example', '10.0.0.0/8']);
  });

  it('a bad entry is a configuration error naming the variable and the entry', () => {
    expect(() => load('a.example,not valid')).toThrow(ConfigError);
    expect(() => load('a.example,not valid')).toThrow(/FETCH_ALLOWLIST must be .*the entry "not valid"/);
  });

  // Config cannot import the fetcher (ingest depends on config), so it has its
  // own check of the syntax: both must accept and refuse the same entries.
  it.each([
    'intranet.example',
    'intranet.example:8080',
    'under_score.corp',
    'localhost.',
    '127.0.0.1',
    '127.0.0.1:8080',
    '10.0.0.0/8',
    '10.1.2.3/8',
    '0.0.0.0/0',
    '::1',
    'fd00::/8',
    '::/0',
    '[::1]:8080',
    '[fe80::1%eth0]:80',
    '::ffff:10.0.0.0/104',
    'bad entry',
    'http://x',
    '10.0.0.0/33',
    'fd00::/129',
    '[fd00::]/8',
    'host:0',
    'host:65536',
    '999.1.1.1',
    '1.2.3',
    '[intranet]:80',
    'a:b:c',
    '-leading-dash.example',
    'x'.repeat(64) + '.example',
  ])('config and AllowList agree on "%s"', (entry) => {
    const byFetcher = (() => {
      try {
        AllowList.parse(entry);
        return true;
      } catch {
        return false;
      }
    })();
    const byConfig = (() => {
      try {
        load(entry);
        return true;
      } catch {
        return false;
      }
    })();
    expect(byConfig).toBe(byFetcher);
  });
});
