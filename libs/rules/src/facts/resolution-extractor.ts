import { matchAt, matchBefore } from './context-window';
import type { ResolutionFact } from './facts.types';
import type { NumberToken } from './number-scanner';
import { longestFirst } from './span-overlap';
import type { TextProfile } from './text-profile';

/**
 * UN Security Council resolution numbers. Only four-digit numbers written right
 * after a resolution keyword ("Resolution 2397", "UNSCR 2375", "резолюция 2397",
 * "결의 2397호"), right before one ("第2397号决议", "2397호 결의"), or continuing such a
 * list ("resolutions 2375 and 2397") count; a bare 2397 is just a number.
 */

const SP = '[\\s\\u00a0]';

const EN_BEFORE = new RegExp(
  `(?<![A-Za-z])(?:(?:(?:U\\.${SP}?N\\.|UN|United${SP}+Nations)${SP}+)?(?:Security${SP}+Council(?:['’]s)?${SP}+)?(?:resolutions?|res\\.)|UNSCRs?|UNSC(?:${SP}+resolutions?)?|S\\/RES\\/)${SP}*(?:No\\.?${SP}*|Number${SP}+|#${SP}*)?$`,
  'i',
);
/** National bodies pass "resolutions" too ("House Resolution 1234"). */
const NOT_UN = new RegExp(`(?<![A-Za-z])(?:House|Senate|Assembly|Congress|Congressional|Parliament|Parliamentary|Duma)${SP}+$`, 'i');
const RU_BEFORE = new RegExp(
  `(?<![а-яёА-ЯЁ])резолюци[а-яё]*${SP}+(?:(?:СБ|Совета${SP}+Безопасности)${SP}+ООН${SP}+)?(?:№${SP}?)?$`,
  'i',
);
const KO_BEFORE = new RegExp(
  `(?:(?:유엔|UN)${SP}?)?(?:(?:안보리|안전보장이사회)${SP}?)?(?:대북${SP}?)?(?:제재${SP}?)?결의(?:안)?${SP}?(?:제${SP}?)?$`,
);
const ZH_BEFORE = new RegExp(`(?:(?:联合国|聯合國|国連)?(?:安理会|安理會|安保理)${SP}?)?(?:决议|決議)${SP}?(?:第${SP}?)?$`);

/** 号/호 after a number written in the Chinese/Korean way. */
const NUMBER_MARK = new RegExp(`${SP}?(?:号|號|호)`, 'y');
/** "号决议", "호 결의", or "号和第2397号决议". Groups: 1 own mark, 2 list, 3 keyword. */
const CJK_AFTER = new RegExp(
  `(${SP}?(?:号|號|호))((?:${SP}?(?:和|与|與|及|、|，|,|와|과|및|·)${SP}?(?:第|제)?${SP}?\\d{4}${SP}?(?:号|號|호))*)${SP}?(?:决议|決議|결의(?:안)?)`,
  'y',
);
const CJK_ORDINAL_BEFORE = new RegExp(`(?:(?:安理会|安理會|安保理|안보리)${SP}?)?(?:第|제)${SP}?$`);

/** Between two numbers of one list: "2375 and 2397", "2375, 2397", "2375 (2017) and 2397", "2375호와 2397호". */
const LIST_SEPARATOR = new RegExp(
  `^${SP}*(?:\\(\\d{4}\\)${SP}*)?(?:,|and|&|\\/|or|и|및|와|과|·|、)${SP}*(?:and${SP}+)?(?:No\\.?${SP}*|№${SP}?|제${SP}?)?$`,
  'i',
);

/** Years are not continued list items: "Resolution 2397, 2017" is a resolution and a year. */
function looksLikeRecentYear(value: number): boolean {
  return value >= 1990 && value <= 2035;
}

function fact(text: string, t: NumberToken, start: number, end: number): ResolutionFact {
  return { number: text.slice(t.start, t.end), text: text.slice(start, end), span: [start, end] };
}

export function extractResolutions(text: string, profile: TextProfile): ResolutionFact[] {
  const out: ResolutionFact[] = [];
  const before = [EN_BEFORE];
  if (profile.cyrillic) before.push(RU_BEFORE);
  if (profile.hangul) before.push(KO_BEFORE);
  if (profile.han) before.push(ZH_BEFORE);
  const cjk = profile.hangul || profile.han;
  let lastEnd = -1;
  for (const t of profile.numbers) {
    if (t.intDigits !== 4 || t.grouped || t.decimal) continue;
    let found: ResolutionFact | null = null;

    for (const re of before) {
      const hit = matchBefore(text, t.start, re, 60);
      if (!hit) continue;
      if (re === EN_BEFORE && matchBefore(text, hit.start, NOT_UN, 20)) break;
      const mark = re === KO_BEFORE || re === ZH_BEFORE ? matchAt(text, t.end, NUMBER_MARK) : null;
      found = fact(text, t, hit.start, mark ? mark.end : t.end);
      break;
    }

    if (!found && cjk) {
      const after = matchAt(text, t.end, CJK_AFTER);
      if (after) {
        const ordinal = matchBefore(text, t.start, CJK_ORDINAL_BEFORE, 8);
        const end = after.m[2] ? t.end + after.m[1].length : after.end;
        found = fact(text, t, ordinal ? ordinal.start : t.start, end);
      }
    }

    if (!found && lastEnd >= 0 && t.start - lastEnd <= 24 && !looksLikeRecentYear(t.value)) {
      if (LIST_SEPARATOR.test(text.slice(lastEnd, t.start))) {
        const mark = matchAt(text, t.end, NUMBER_MARK);
        found = fact(text, t, t.start, mark ? mark.end : t.end);
      }
    }

    if (found) {
      out.push(found);
      lastEnd = found.span[1];
    }
  }
  return longestFirst(out);
}
