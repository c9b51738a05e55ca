/**
 * A list of (pattern, value) pairs compiled into one regex with one capturing group
 * per pair, so one scan finds every kind of phrase and the group that matched says
 * which value it stands for. Patterns inside must use only non-capturing groups.
 */
export class PatternTable<T> {
  readonly regex: RegExp;
  private readonly values: T[];

  /**
   * @param wrap builds the final source around the alternation `(?:(p1)|(p2)|...)`,
   *   e.g. to add a sticky prefix of optional spaces or a trailing boundary.
   */
  constructor(entries: ReadonlyArray<readonly [string, T]>, flags: string, wrap: (alternation: string) => string = (a) => a) {
    this.values = entries.map(([, v]) => v);
    const alternation = `(?:${entries.map(([p]) => `(${p})`).join('|')})`;
    this.regex = new RegExp(wrap(alternation), flags);
  }

  /** Value of the first entry whose group took part in the match (groups start at `offset`). */
  valueOf(m: RegExpExecArray, offset = 1): T | undefined {
    for (let i = 0; i < this.values.length; i++) if (m[i + offset] !== undefined) return this.values[i];
    return undefined;
  }
}
