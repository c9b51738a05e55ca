/**
 * ISO 639-2 codes that pages and feeds sometimes declare instead of the
 * two-letter code, and the legacy codes browsers still emit. Only what news
 * sites are seen to use; anything else without a two-letter form stays unknown.
 */
const TO_ISO_639_1: Record<string, string> = {
  ara: 'ar',
  chi: 'zh',
  deu: 'de',
  eng: 'en',
  fra: 'fr',
  fre: 'fr',
  ger: 'de',
  in: 'id',
  iw: 'he',
  ji: 'yi',
  jpn: 'ja',
  kor: 'ko',
  rus: 'ru',
  spa: 'es',
  ukr: 'uk',
  zho: 'zh',
};

/**
 * The ISO 639-1 code of a declared language tag (`ko-KR`, `ko_KR`, `zh-Hant`,
 * `EN`), or null when there is none or it is not a language (`x-default`, `*`).
 */
export function normaliseLanguageTag(tag: string | null | undefined): string | null {
  if (!tag) return null;
  const primary = tag.trim().toLowerCase().split(/[-_\s.,;]/)[0] ?? '';
  if (/^[a-z]{2}$/.test(primary)) return TO_ISO_639_1[primary] ?? primary;
  return TO_ISO_639_1[primary] ?? null;
}
