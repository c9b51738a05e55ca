/** No review item has this id. */
export class ReviewItemNotFoundError extends Error {
  constructor(readonly id: string) {
    super(`no review item ${id}`);
    this.name = 'ReviewItemNotFoundError';
  }
}

/**
 * The action met a different state than the caller saw: a stale version, a
 * claim held by someone else, or a transition the state does not allow.
 * `current` lets a client show what changed instead of guessing.
 */
export class ReviewConflictError extends Error {
  constructor(
    message: string,
    readonly current: { state: string; version: number; claimedBy: string | null; claimExpiresAt: Date | null },
  ) {
    super(message);
    this.name = 'ReviewConflictError';
  }
}

/** A request the state machine can never accept, whatever the state (a missing reason, an empty note). */
export class ReviewValidationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ReviewValidationError';
  }
}
