/**
 * PostgreSQL or Redis could not be reached. The message names the service, the
 * address and how to start it, because that is what a person needs to act.
 */
export class ServiceUnreachableError extends Error {
  constructor(
    readonly service: 'PostgreSQL' | 'Redis',
    readonly address: string,
    readonly reason: string,
    readonly hint: string,
  ) {
    super(`${service} is not reachable at ${address} (${reason}). ${hint}`);
    this.name = 'ServiceUnreachableError';
  }
}
