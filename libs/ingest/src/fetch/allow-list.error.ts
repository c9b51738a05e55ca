/** An FETCH_ALLOWLIST entry that is neither a host, a host:port nor a CIDR range. */
export class AllowListError extends Error {
  constructor(
    readonly entry: string,
    readonly problem: string,
  ) {
    super(`allow-list entry "${entry}" ${problem}`);
    this.name = 'AllowListError';
  }
}
