import { LookupAddress, LookupOneOptions, lookup as dnsLookup } from 'node:dns';
import { LookupFunction, isIP } from 'node:net';
import { buildConnector } from 'undici';
import { AddressGuard } from './address-guard';
import { FetchError } from './fetch.error';

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * An undici connector that enforces the SSRF guard on the address actually
 * connected to. Names are checked inside the DNS lookup that net.connect
 * uses, so there is no second resolution an attacker's DNS could answer
 * differently (no time-of-check/time-of-use gap); IP literals, which skip
 * the lookup, are checked before connecting; and the socket's peer is
 * checked again once connected, in case some path bypassed both.
 */
export function guardedConnector(guard: AddressGuard, connectTimeoutMs: number, lookup: LookupFunction = dnsLookup as LookupFunction): buildConnector.connector {
  return (opts, callback) => {
    const port = Number(opts.port) || (opts.protocol === 'https:' ? 443 : 80);
    const hostname = opts.hostname;
    const origin = `${opts.protocol}//${opts.host ?? hostname}`;
    if (isIP(hostname)) {
      const refusal = guard.refusal(hostname, hostname, port, origin);
      if (refusal) return callback(refusal, null);
    }
    // A connector per connection, because the lookup must know the port: an
    // allow-list entry such as 127.0.0.1:8080 permits one port only.
    const connect = buildConnector({ timeout: connectTimeoutMs, lookup: guardedLookup(guard, lookup, port, origin) });
    connect(opts, (err, socket) => {
      if (err) return callback(err, null);
      const peer = socket!.remoteAddress;
      const refusal = peer ? guard.refusal(peer, hostname, port, origin) : null;
      if (refusal) {
        socket!.destroy();
        return callback(refusal, null);
      }
      callback(null, socket!);
    });
  };
}

/**
 * Resolves like dns.lookup, then drops every address the guard refuses. When
 * none is left the connection fails with the refusal; net.connect only ever
 * sees (and connects to) the addresses that passed.
 */
function guardedLookup(guard: AddressGuard, lookup: LookupFunction, port: number, origin: string): LookupFunction {
  return ((hostname: string, options: LookupOneOptions & { all?: boolean }, callback: LookupCallback) => {
    lookup(hostname, { ...options, all: true }, ((err: NodeJS.ErrnoException | null, addresses: LookupAddress[] | string) => {
      if (err) return callback(err, options.all ? [] : '');
      const list = Array.isArray(addresses) ? addresses : [{ address: addresses, family: isIP(addresses) }];
      let refusal: FetchError | null = null;
      const allowed = list.filter((a) => {
        const r = guard.refusal(a.address, hostname, port, origin);
        refusal ??= r;
        return !r;
      });
      if (!allowed.length) {
        return callback(refusal ?? new FetchError('connect', `the host name ${hostname} has no address`, origin) as unknown as NodeJS.ErrnoException, options.all ? [] : '');
      }
      if (options.all) return callback(null, allowed);
      callback(null, allowed[0].address, allowed[0].family);
    }) as never);
  }) as LookupFunction;
}
