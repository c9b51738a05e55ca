import { AllowList } from './allow-list';
import { blockedAddressReason } from './blocked-ranges';
import { FetchError } from './fetch.error';

/** The SSRF decision for one connection: internal addresses are refused unless the allow-list names them. */
export class AddressGuard {
  constructor(private readonly allowList: AllowList = AllowList.empty) {}

  /** null when the connection may go ahead, else the error to fail it with. */
  refusal(ip: string, hostname: string, port: number, url: string): FetchError | null {
    const reason = blockedAddressReason(ip);
    if (!reason || this.allowList.permits(ip, hostname, port)) return null;
    const target = hostname === ip ? `${ip} port ${port}` : `${hostname} (${ip}) port ${port}`;
    return new FetchError(
      'blocked-address',
      `refused to connect to ${target}: it is ${reason}; add it to FETCH_ALLOWLIST if this source is meant to be internal`,
      url,
    );
  }
}
