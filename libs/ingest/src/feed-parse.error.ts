/** The document is not a feed of the expected kind; retrying will not help until the source changes. */
export class FeedParseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FeedParseError';
  }
}
