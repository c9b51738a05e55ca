/** Domain errors of subscriptions; the api maps them to 400 and 404 answers, the CLI prints them. */
export class SubscriptionValidationError extends Error {
  override readonly name = 'SubscriptionValidationError';
  constructor(readonly problems: string[]) {
    super(`invalid subscription: ${problems.join('; ')}`);
  }
}

export class SubscriptionNotFoundError extends Error {
  override readonly name = 'SubscriptionNotFoundError';
  constructor(readonly idOrKey: string) {
    super(`no subscription ${idOrKey}`);
  }
}
