import { CharClass, classOf } from './char-class';
import { foldText } from './text-normalizer';

export const TokenKind = { Word: 1, Han: 2, Hangul: 3 } as const;
export type TokenKind = (typeof TokenKind)[keyof typeof TokenKind];

/** Marks a break in the CJK stream (punctuation or a Latin word between two CJK runs). */
export const CJK_BREAK = '\u0001';

/**
 * One field (title or body) tokenised once per article. Token positions count words for
 * NEAR; char offsets point into the original field text.
 */
export interface FieldTokens {
  /** Folded token text. Han/kana tokens are single characters, Hangul tokens whole runs. */
  readonly tokens: string[];
  readonly kinds: Uint8Array;
  readonly starts: Int32Array;
  readonly ends: Int32Array;
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
}

function isHangulAt(s: string, i: number): boolean {
  return i >= 0 && classOf(s.charCodeAt(i)) === CharClass.Hangul;
}

export function tokenizeField(original: string): FieldTokens {
  const folded = foldText(original);
  const text = folded.text;
  const tokens: string[] = [];
  const kinds: number[] = [];
  const starts: number[] = [];
  const ends: number[] = [];
  let cjk = '';
  const cjkToken: number[] = [];
  const cjkStart: number[] = [];
  const cjkEnd: number[] = [];

  let tokenStart = -1; // folded index where the open word/Hangul token began
  let tokenKind: TokenKind | 0 = 0;
  let brokeSinceCjk = false;
  let spaceSinceCjk = false;

  const close = (end: number) => {
    if (tokenKind === 0) return;
    tokens.push(text.slice(tokenStart, end));
    kinds.push(tokenKind);
    starts.push(folded.starts[tokenStart]);
    ends.push(folded.ends[end - 1]);
    if (tokenKind === TokenKind.Word) brokeSinceCjk = true;
    tokenKind = 0;
  };
  const pushGap = (gap: string) => {
    cjk += gap;
    cjkToken.push(-1);
    cjkStart.push(-1);
    cjkEnd.push(-1);
  };
  const pushCjk = (from: number, width: number, token: number) => {
    if (brokeSinceCjk && cjk.length > 0) pushGap(CJK_BREAK);
    else if (spaceSinceCjk && tokenKind === TokenKind.Hangul && isHangulAt(cjk, cjk.length - 1)) pushGap(' ');
    brokeSinceCjk = false;
    spaceSinceCjk = false;
    for (let k = 0; k < width; k++) {
      cjkToken.push(token);
      cjkStart.push(folded.starts[from + k]);
      cjkEnd.push(folded.ends[from + k]);
    }
    cjk += text.slice(from, from + width);
  };

  let i = 0;
  while (i < text.length) {
    const cp = text.codePointAt(i)!;
    const width = cp > 0xffff ? 2 : 1;
    const cls = classOf(cp);
    if (cls === CharClass.Word) {
      if (tokenKind !== TokenKind.Word) {
        close(i);
        tokenKind = TokenKind.Word;
        tokenStart = i;
      }
    } else if (cls === CharClass.Hangul) {
      if (tokenKind !== TokenKind.Hangul) {
        close(i);
        tokenKind = TokenKind.Hangul;
        tokenStart = i;
      }
      pushCjk(i, width, tokens.length);
    } else if (cls === CharClass.Han) {
      close(i);
      pushCjk(i, width, tokens.length);
      tokens.push(text.slice(i, i + width));
      kinds.push(TokenKind.Han);
      starts.push(folded.starts[i]);
      ends.push(folded.ends[i + width - 1]);
    } else {
      close(i);
      if (cls === CharClass.Separator) brokeSinceCjk = true;
      else spaceSinceCjk = true;
    }
    i += width;
  }
  close(text.length);

  return {
    tokens,
    kinds: Uint8Array.from(kinds),
    starts: Int32Array.from(starts),
    ends: Int32Array.from(ends),
    cjk,
    cjkToken: Int32Array.from(cjkToken),
    cjkStart: Int32Array.from(cjkStart),
    cjkEnd: Int32Array.from(cjkEnd),
  };
}
