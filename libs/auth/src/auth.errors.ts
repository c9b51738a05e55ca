/** Wrong username or password, or a locked or disabled account: one message, so it does not tell which names exist. */
export class LoginFailedError extends Error {
  constructor() {
    super('Wrong username or password, or the account is locked after too many attempts (try again later).');
    this.name = 'LoginFailedError';
  }
}

export class UserValidationError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('; '));
    this.name = 'UserValidationError';
  }
}

export class UserNotFoundError extends Error {
  constructor(username: string) {
    super(`no user "${username}"`);
    this.name = 'UserNotFoundError';
  }
}

export class TokenNotFoundError extends Error {
  constructor(id: string) {
    super(`no API token ${id}`);
    this.name = 'TokenNotFoundError';
  }
}
