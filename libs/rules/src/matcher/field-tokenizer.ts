import { CharClass, classOf } from './char-class';
import { sentenceIds } from './sentence-breaks';
import { foldCodePoint } from './text-normalizer';

export const TokenKind = { Word: 1, Han: 2, Hangul: 3 } as const;
export type TokenKind = (typeof TokenKind)[keyof typeof TokenKind];

/** Marks a break in the CJK stream (punctuation or a Latin word between two CJK runs). */
export const CJK_BREAK = '\u0001';

/**
 * One field (title or body) tokenised once per article. Token positions count words for
 * NEAR; char offsets point into the original field text.
 */
export interface FieldTokens {
  /** The field as stored. */
  readonly text: string;
  /** Number of tokens. */
  readonly count: number;
  readonly kinds: Uint8Array;
  readonly starts: Int32Array;
  readonly ends: Int32Array;
  /**
   * Where token i's folded text is in `foldedTexts`, or -1 when it is simply the
   * lower-cased slice text[start, end) of plain ASCII (most English words). Matching
   * looks those up in place, without making a string (see TermIndex, AsciiSliceCache).
   */
  readonly foldedIndex: Int32Array;
  readonly foldedTexts: readonly string[];
  /** For plain ASCII tokens: FNV-1a of the lower-cased token, computed while scanning it. */
  readonly hashes: Int32Array;
  /** The sentence number of each token (see sentence-breaks.ts): NEAR and phrases stay inside one. */
  readonly sentences: Int32Array;
  /**
   * Every Han/kana/Hangul character of the field in order, with CJK_BREAK where anything
   * but whitespace intervened. Whitespace between Han/kana is dropped (it is layout, not
   * meaning, in Chinese and Japanese); between two Hangul words it stays as one space,
   * because Korean separates words with spaces and dropping them would make 강조 선언
   * contain 조선.
   */
  readonly cjk: string;
  /** For each UTF-16 unit of `cjk`: its token index (-1 for CJK_BREAK) and original offsets. */
  readonly cjkToken: Int32Array;
  readonly cjkStart: Int32Array;
  readonly cjkEnd: Int32Array;
  /** Folded token texts, made on first use (matching does not need them). Han/kana tokens are single characters, Hangul tokens whole runs. */
  readonly tokens: readonly string[];
}

type TokenSource = Pick<FieldTokens, 'text' | 'foldedIndex' | 'foldedTexts' | 'starts' | 'ends'>;

/** The folded text of token i. */
export function tokenText(ft: TokenSource, i: number): string {
  const at = ft.foldedIndex[i];
  return at >= 0 ? ft.foldedTexts[at] : ft.text.slice(ft.starts[i], ft.ends[i]).toLowerCase();
}

/** FNV-1a over lower-cased char codes: the key of plain ASCII tokens (see AsciiSliceCache). */
export const FNV_OFFSET = 0x811c9dc5;
export const FNV_PRIME = 0x01000193;

class TokenizedField implements FieldTokens {
  private allTokens: string[] | null = null;

  constructor(
    readonly text: string,
    readonly count: number,
    readonly kinds: Uint8Array,
    readonly starts: Int32Array,
    readonly ends: Int32Array,
    readonly foldedIndex: Int32Array,
    readonly foldedTexts: readonly string[],
    readonly hashes: Int32Array,
    readonly sentences: Int32Array,
    readonly cjk: string,
    readonly cjkToken: Int32Array,
    readonly cjkStart: Int32Array,
    readonly cjkEnd: Int32Array,
  ) {}

  get tokens(): readonly string[] {
    this.allTokens ??= Array.from({ length: this.count }, (_, i) => tokenText(this, i));
    return this.allTokens;
  }
}

/** Growable Int32 list: articles are tokenised by the thousand, so no boxed number arrays. */
class IntList {
  data: Int32Array;
  length = 0;
  constructor(capacity: number) {
    this.data = new Int32Array(Math.max(16, capacity));
  }
  push(v: number): void {
    if (this.length === this.data.length) {
      const bigger = new Int32Array(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.length++] = v;
  }
  done(): Int32Array {
    return this.data.subarray(0, this.length);
  }
}

/**
 * Kind, offsets, folded-text index and hash of every token, in parallel typed arrays that
 * share one ArrayBuffer (one allocation per field instead of five) and grow together.
 */
class TokenBuffer {
  kinds!: Uint8Array;
  starts!: Int32Array;
  ends!: Int32Array;
  foldedIndex!: Int32Array;
  hashes!: Int32Array;
  foldedTexts: string[] = [];
  count = 0;

  constructor(capacity: number) {
    this.allocate(Math.max(16, capacity));
  }

  private allocate(size: number): void {
    const buffer = new ArrayBuffer(size * 17);
    this.starts = new Int32Array(buffer, 0, size);
    this.ends = new Int32Array(buffer, size * 4, size);
    this.foldedIndex = new Int32Array(buffer, size * 8, size);
    this.hashes = new Int32Array(buffer, size * 12, size);
    this.kinds = new Uint8Array(buffer, size * 16, size);
  }

  /** Empties the buffer for the next field (the arrays are kept). */
  reset(): void {
    this.count = 0;
    this.foldedTexts = [];
  }

  /** The tokens so far in one exact-size ArrayBuffer, so the scratch buffer can be reused. */
  compact(): { kinds: Uint8Array; starts: Int32Array; ends: Int32Array; foldedIndex: Int32Array; hashes: Int32Array } {
    const n = this.count;
    const buffer = new ArrayBuffer(n * 17);
    const starts = new Int32Array(buffer, 0, n);
    const ends = new Int32Array(buffer, n * 4, n);
    const foldedIndex = new Int32Array(buffer, n * 8, n);
    const hashes = new Int32Array(buffer, n * 12, n);
    const kinds = new Uint8Array(buffer, n * 16, n);
    starts.set(this.starts.subarray(0, n));
    ends.set(this.ends.subarray(0, n));
    foldedIndex.set(this.foldedIndex.subarray(0, n));
    hashes.set(this.hashes.subarray(0, n));
    kinds.set(this.kinds.subarray(0, n));
    return { kinds, starts, ends, foldedIndex, hashes };
  }

  /** A plain ASCII word: its folded text is its lower-cased slice. */
  addPlain(start: number, end: number, hash: number): void {
    if (this.count === this.kinds.length) this.grow();
    const at = this.count++;
    this.kinds[at] = WORD;
    this.starts[at] = start;
    this.ends[at] = end;
    this.foldedIndex[at] = -1;
    this.hashes[at] = hash;
  }

  addFolded(kind: number, start: number, end: number, folded: string): void {
    if (this.count === this.kinds.length) this.grow();
    const at = this.count++;
    this.kinds[at] = kind;
    this.starts[at] = start;
    this.ends[at] = end;
    this.foldedIndex[at] = this.foldedTexts.length;
    this.foldedTexts.push(folded);
  }

  private grow(): void {
    const { kinds, starts, ends, foldedIndex, hashes } = this;
    this.allocate(kinds.length * 2);
    this.kinds.set(kinds);
    this.starts.set(starts);
    this.ends.set(ends);
    this.foldedIndex.set(foldedIndex);
    this.hashes.set(hashes);
  }
}

// ASCII classes by table: the hot loop calls classOf and foldCodePoint only for other characters.
const ASCII_CLASS = new Uint8Array(128).map((_, c) => classOf(c));
// Plain constants: imported bindings are property reads on the module object in CommonJS.
const WORD_CLASS: number = CharClass.Word;
const SEPARATOR_CLASS: number = CharClass.Separator;
const HANGUL_CLASS: number = CharClass.Hangul;
const HAN_CLASS: number = CharClass.Han;
const WORD: TokenKind = TokenKind.Word;
const HANGUL: TokenKind = TokenKind.Hangul;
const HAN: TokenKind = TokenKind.Han;
const classOfCode = classOf;
const fold = foldCodePoint;

/** The CJK stream of a field (see FieldTokens.cjk), built as CJK characters are met. */
class CjkStream {
  private readonly pieces: string[] = [];
  private length = 0;
  private lastHangul = false;
  readonly token = new IntList(0);
  readonly start = new IntList(0);
  readonly end = new IntList(0);

  /**
   * Appends one folded character; `broken`: something other than white space came since
   * the last CJK character, `spaced`: white space came and this continues Korean.
   */
  push(ch: string, hangul: boolean, from: number, to: number, token: number, broken: boolean, spaced: boolean): void {
    if (broken && this.length > 0) this.gap(CJK_BREAK);
    else if (spaced && this.lastHangul) this.gap(' ');
    for (let k = 0; k < ch.length; k++) {
      this.token.push(token);
      this.start.push(from);
      this.end.push(to);
    }
    this.pieces.push(ch);
    this.length += ch.length;
    this.lastHangul = hangul;
  }

  text(): string {
    return this.pieces.join('');
  }

  private gap(gap: string): void {
    this.pieces.push(gap);
    this.length += 1;
    this.token.push(-1);
    this.start.push(-1);
    this.end.push(-1);
  }
}

/** Records a finished token; `stop`: the gap before it may end a sentence. */
function addToken(
  buffer: TokenBuffer,
  maybeBreaks: number[],
  stop: boolean,
  kind: number,
  start: number,
  end: number,
  hash: number,
  built: string | null,
): void {
  if (stop) maybeBreaks.push(buffer.count);
  if (built === null) buffer.addPlain(start, end, hash);
  else buffer.addFolded(kind, start, end, built);
}

/** Reused by every call (tokenising is synchronous); each result gets its own exact-size copy. */
const scratch = new TokenBuffer(4096);

/**
 * Tokenises a field in one pass over the original text. Folding (see text-normalizer.ts)
 * happens on the way: a plain ASCII word is recorded by its offsets and hash (its folded
 * text is its lower-cased slice, made only if someone asks); any other character goes
 * through foldCodePoint and each folded character is classified on its own, so "ﬁve" is
 * one word and "½" three tokens, exactly as if the whole text had been folded first.
 * Offsets are those of the original characters.
 *
 * This is the hot path of classification. ASCII words and separator runs are consumed by
 * inner loops, and no closure shares the loop's state (variables captured by a closure
 * live in memory, not in registers): finishing a token is spelt out where it happens.
 */
export function tokenizeField(original: string): FieldTokens {
  const buffer = scratch;
  buffer.reset();
  /** Tokens before which a sentence may end (a gap with . ? ! or a line break): checked after. A few per sentence, so a plain array. */
  const maybeBreaks: number[] = [];
  const cjk = new CjkStream();

  let tokenKind = 0; // TokenKind of the open token, 0 when none is open
  let tokenStart = 0; // original offset of the open token's first character
  let tokenEnd = 0; // original end offset of its last character
  let built: string | null = null; // folded text of the open token once it is no longer a plain slice
  let hash = 0; // FNV-1a of the open plain ASCII word
  let brokeSinceCjk = false;
  let spaceSinceCjk = false;
  let stopSinceToken = false;

  const n = original.length;
  let i = 0;
  while (i < n) {
    let unit = original.charCodeAt(i);
    if (unit < 0x80) {
      if (ASCII_CLASS[unit] === WORD_CLASS) {
        if (tokenKind !== WORD) {
          if (tokenKind !== 0) {
            addToken(buffer, maybeBreaks, stopSinceToken, tokenKind, tokenStart, tokenEnd, hash, built);
            stopSinceToken = false;
            built = null;
          }
          tokenKind = WORD;
          tokenStart = i;
          hash = FNV_OFFSET;
        }
        let j = i;
        let capital = false;
        let h = hash;
        do {
          if (unit >= 65 && unit <= 90) {
            capital = true;
            unit += 32;
          }
          h = Math.imul(h ^ unit, FNV_PRIME);
          if (++j === n) break;
          unit = original.charCodeAt(j);
        } while (unit < 0x80 && ASCII_CLASS[unit] === WORD_CLASS);
        hash = h;
        if (built !== null) built += capital ? original.slice(i, j).toLowerCase() : original.slice(i, j);
        tokenEnd = j;
        i = j;
        continue;
      }
      if (tokenKind !== 0) {
        if (tokenKind === WORD) brokeSinceCjk = true;
        if (built === null && !stopSinceToken) buffer.addPlain(tokenStart, tokenEnd, hash);
        else addToken(buffer, maybeBreaks, stopSinceToken, tokenKind, tokenStart, tokenEnd, hash, built);
        stopSinceToken = false;
        built = null;
        tokenKind = 0;
      }
      let separator = false;
      let space = false;
      let stop = false;
      do {
        if (ASCII_CLASS[unit] === SEPARATOR_CLASS) {
          separator = true;
          if (unit === 0x2e || unit === 0x21 || unit === 0x3f) stop = true;
        } else {
          space = true;
          if (unit === 0x0a) stop = true;
        }
        if (++i === n) break;
        unit = original.charCodeAt(i);
      } while (unit < 0x80 && ASCII_CLASS[unit] !== WORD_CLASS);
      if (separator) brokeSinceCjk = true;
      if (space) spaceSinceCjk = true;
      if (stop) stopSinceToken = true;
      continue;
    }

    const cp = original.codePointAt(i)!;
    const width = cp > 0xffff ? 2 : 1;
    const chars = fold(cp);
    // Anything but ASCII inside a word ends the plain-slice shortcut: the soft hyphen in
    // "work\u00aders" folds to nothing, "ﬁ" to two letters.
    if (tokenKind === WORD && built === null) built = original.slice(tokenStart, i).toLowerCase();
    let k = 0;
    while (k < chars.length) {
      const fcp = chars.codePointAt(k)!;
      const fw = fcp > 0xffff ? 2 : 1;
      const ch = fw === 1 ? chars[k] : chars.slice(k, k + 2);
      const cls = fcp < 0x80 ? ASCII_CLASS[fcp] : classOfCode(fcp);
      if (cls === WORD_CLASS || cls === HANGUL_CLASS) {
        const kind = cls === WORD_CLASS ? WORD : HANGUL;
        if (tokenKind !== kind) {
          if (tokenKind !== 0) {
            if (tokenKind === WORD) brokeSinceCjk = true;
            addToken(buffer, maybeBreaks, stopSinceToken, tokenKind, tokenStart, tokenEnd, hash, built);
            stopSinceToken = false;
          }
          tokenKind = kind;
          tokenStart = i;
          built = '';
        }
        built += ch;
        tokenEnd = i + width;
        if (kind === HANGUL) {
          cjk.push(ch, true, i, i + width, buffer.count, brokeSinceCjk, spaceSinceCjk);
          brokeSinceCjk = false;
          spaceSinceCjk = false;
        }
      } else {
        if (tokenKind !== 0) {
          if (tokenKind === WORD) brokeSinceCjk = true;
          addToken(buffer, maybeBreaks, stopSinceToken, tokenKind, tokenStart, tokenEnd, hash, built);
          stopSinceToken = false;
          built = null;
          tokenKind = 0;
        }
        if (cls === HAN_CLASS) {
          if (stopSinceToken) maybeBreaks.push(buffer.count);
          stopSinceToken = false;
          cjk.push(ch, false, i, i + width, buffer.count, brokeSinceCjk, false);
          brokeSinceCjk = false;
          spaceSinceCjk = false;
          buffer.addFolded(HAN, i, i + width, ch);
        } else {
          if (cls === SEPARATOR_CLASS) brokeSinceCjk = true;
          else spaceSinceCjk = true;
          // Non-ASCII sentence ends (。！？．, U+2029) and white space that may hold a line break.
          stopSinceToken = true;
        }
      }
      k += fw;
    }
    i += width;
  }
  if (tokenKind !== 0) addToken(buffer, maybeBreaks, stopSinceToken, tokenKind, tokenStart, tokenEnd, hash, built);

  const count = buffer.count;
  const { kinds, starts, ends, foldedIndex, hashes } = buffer.compact();
  const foldedTexts = buffer.foldedTexts;
  const source: TokenSource = { text: original, starts, ends, foldedIndex, foldedTexts };
  return new TokenizedField(
    original,
    count,
    kinds,
    starts,
    ends,
    foldedIndex,
    foldedTexts,
    hashes,
    sentenceIds(original, count, maybeBreaks, starts, ends, (t) => tokenText(source, t)),
    cjk.text(),
    cjk.token.done(),
    cjk.start.done(),
    cjk.end.done(),
  );
}
