/** A source as sent is not valid: each problem names the field. */
export class SourceValidationError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('; '));
    this.name = 'SourceValidationError';
  }
}

export class SourceNotFoundError extends Error {
  constructor(readonly sourceId: string) {
    super(`no source ${sourceId}`);
    this.name = 'SourceNotFoundError';
  }
}
