/**
 * A rule query that cannot be parsed. `position` is the 0-based character offset in the
 * query the admin typed, so an editor can put the cursor there; `problem` is the message
 * without the position.
 */
export class QuerySyntaxError extends Error {
  constructor(
    readonly problem: string,
    readonly position: number,
    withPosition = true,
  ) {
    super(withPosition ? `${problem} at ${position}` : problem);
    this.name = 'QuerySyntaxError';
  }
}
