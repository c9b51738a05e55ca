/**
 * Seeded synthetic variants of a report, for measuring how SimHash distance
 * and shingle overlap behave over hundreds of rewrites rather than a handful.
 * Rewording replaces half the words of a chosen sentence with words drawn from
 * the other fixture stories: harsher than a human paraphrase, which keeps more
 * phrases, so rates measured on it are a floor.
 */
export class StoryVariants {
  private seed: number;

  constructor(
    seed: number,
    private readonly vocabulary: readonly string[],
  ) {
    this.seed = seed >>> 0;
  }

  /** Uniform in [0, 1): a linear congruential generator, enough for test data. */
  random(): number {
    this.seed = (Math.imul(this.seed, 1664525) + 1013904223) >>> 0;
    return this.seed / 2 ** 32;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.random() * items.length)]!;
  }

  /** `share` of the sentences half reworded; paragraphs shuffled when asked. */
  rewrite(text: string, share: number, shuffle: boolean): string {
    let paragraphs = text.split('\n\n').map((p) =>
      p
        .split(/(?<=[.!?]"?)\s+/)
        .map((s) => (this.random() < share ? s.split(' ').map((w) => (this.random() < 0.5 ? this.pick(this.vocabulary) : w)).join(' ') : s))
        .join(' '),
    );
    if (shuffle) paragraphs = paragraphs.map((p) => [this.random(), p] as const).sort((x, y) => x[0] - y[0]).map(([, p]) => p);
    return paragraphs.join('\n\n');
  }

  /** One to three paragraphs of another outlet's furniture (preamble or footer). */
  furniture(): string {
    return Array.from({ length: 1 + Math.floor(this.random() * 3) }, () => `${this.words(12)}.`).join('\n\n');
  }

  /** `n` random vocabulary words: an unrelated text. */
  words(n: number): string {
    return Array.from({ length: n }, () => this.pick(this.vocabulary)).join(' ');
  }
}
