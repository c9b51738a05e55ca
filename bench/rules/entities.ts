import { CYRILLIC_SYLLABLES, HANGUL_SYLLABLES, HAN_CHARACTERS, LATIN_SYLLABLES } from './word-lists';

/**
 * Names of companies, people and places, numbered: name i is the same in the corpus and
 * in the generated rules. The corpus mentions only the first few hundred of each script;
 * rules watch names drawn from all of them, so (as in a real watch list) most rules'
 * names never occur in a given article.
 */
function syllableName(i: number, syllables: readonly string[], capitalise: boolean): string {
  const n = syllables.length;
  // A fixed permutation, so consecutive numbers do not share their first syllables.
  const j = (i * 7919) % (n * n * n);
  const name = syllables[j % n] + syllables[Math.floor(j / n) % n] + syllables[Math.floor(j / (n * n)) % n];
  return capitalise ? name[0].toUpperCase() + name.slice(1) : name;
}

export const latinEntity = (i: number) => syllableName(i, LATIN_SYLLABLES, true);
export const hangulEntity = (i: number) => syllableName(i, HANGUL_SYLLABLES, false);
export const hanEntity = (i: number) => syllableName(i, HAN_CHARACTERS, false);
export const cyrillicEntity = (i: number) => syllableName(i, CYRILLIC_SYLLABLES, true);

/** How many names of each script the corpus uses, and how many the rules draw from. */
export const CORPUS_LATIN_ENTITIES = 600;
export const CORPUS_OTHER_ENTITIES = 100;
export const RULE_LATIN_ENTITIES = 20_000;
export const RULE_OTHER_ENTITIES = 6_000;
