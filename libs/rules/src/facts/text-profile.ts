import { scanNumbers, type NumberToken } from './number-scanner';

/**
 * What the extractors share about one text, computed once: its numbers, and which
 * non-Latin scripts occur in it at all. Most articles are in one language, so the
 * Korean, Chinese and Russian patterns are skipped outright for an English article
 * (one fast regex test instead of a dozen scans).
 */
export interface TextProfile {
  numbers: NumberToken[];
  /** Starts of joined digit sequences such as "2019-12-22" (see scanNumbers). */
  compounds: number[];
  hangul: boolean;
  /** Han characters or Japanese kana. */
  han: boolean;
  cyrillic: boolean;
}

const NON_LATIN = /[\u0400-\u04ff\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]/;
const HANGUL = /[\uac00-\ud7af]/;
const HAN = /[\u3040-\u30ff\u3400-\u9fff]/;
const CYRILLIC = /[\u0400-\u04ff]/;

export function profileText(text: string): TextProfile {
  const { numbers, compounds } = scanNumbers(text);
  const other = NON_LATIN.test(text);
  return {
    numbers,
    compounds,
    hangul: other && HANGUL.test(text),
    han: other && HAN.test(text),
    cyrillic: other && CYRILLIC.test(text),
  };
}
