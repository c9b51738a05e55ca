/** A fetch that failed in a way worth telling the source's owner, in plain words. */
export class FetchError extends Error {
  constructor(
    message: string,
    readonly url: string,
    /** Worth retrying later (timeouts, 5xx, connection resets) rather than a broken source. */
    readonly transient: boolean,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'FetchError';
  }
}
