/** A file given to `classify` that cannot be read as an article; the message is one line naming the file. */
export class ArticleFileError extends Error {
  constructor(
    readonly file: string,
    readonly problem: string,
  ) {
    super(`${file}: ${problem}`);
    this.name = 'ArticleFileError';
  }
}
