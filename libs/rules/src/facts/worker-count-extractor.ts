import { boundaryAfter, boundaryBefore, isLetterCode } from './char-kind';
import { matchAt, matchBefore, type Hit } from './context-window';
import type { WorkerCountFact } from './facts.types';
import { isYearLike, type NumberToken } from './number-scanner';
import { longestFirst } from './span-overlap';
import type { TextProfile } from './text-profile';

/**
 * Counts of (North Korean) workers: a number, or a phrase like "tens of thousands",
 * followed by a worker noun, with only a few known modifiers in between ("North
 * Korean IT workers", "북한 노동자", "朝鲜工人"). Counts of *other* workers ("50
 * Chinese workers", "100 South Korean workers") are deliberately not matched: the
 * modifiers allowed in between do not include other nationalities.
 *
 * Generic nouns (people, men, women, citizens) count only with a North Korean
 * modifier or a dispatch verb ("200 people were dispatched"), so "100 people died"
 * is not a worker count.
 */

const SP = '[\\s\\u00a0]';

const EN_MODIFIERS =
  'North|Korean|N\\.|DPRK|IT|construction|factory|female|male|young|overseas|foreign|migrant|contract|seafood|textile|restaurant|skilled|unskilled|additional|more|new|other|such|dispatched|illegal|undocumented|forced|farm|medical|logging|shipyard|fishing|garment|manual|remaining';
const EN_STRONG_NOUNS =
  'workers?|labou?rers?|employees|personnel|staff(?:ers)?|loggers|lumberjacks|engineers|programmers|technicians|developers|fishermen|seafarers|sailors|crew\\s+members|cooks|waitresses|waiters|builders|miners|doctors|nurses|medics';
const EN_WEAK_NOUNS = 'people|persons|individuals|men|women|girls|nationals|citizens';
const EN_NOUNS = `${EN_STRONG_NOUNS}|${EN_WEAK_NOUNS}`;
const EN_WEAK = new RegExp(`^(?:${EN_WEAK_NOUNS})$`, 'i');
const NORTH_KOREAN = /korean|dprk/i;
const NORTH_KOREAN_RU = /северокорейск/i;
const JUST_A = /^a\s*$/i;

/** After the number: "+", a multiplier, up to four modifiers, the noun. Groups: 1 plus, 2 multiplier, 3 modifiers, 4 noun. */
const EN_AFTER = new RegExp(
  `(\\+|-plus|-odd)?(?:${SP}+(thousand|million))?((?:${SP}+(?:${EN_MODIFIERS})){0,4})${SP}+(${EN_NOUNS})(?![A-Za-z])`,
  'iy',
);
const EN_DISPATCHED = new RegExp(
  `${SP}+(?:(?:were|have${SP}+been|had${SP}+been|are|being)${SP}+)?(?:dispatched|sent|deployed|working|employed|hired)(?![A-Za-z])`,
  'iy',
);
const EN_APPROX = new RegExp(
  `(?<![A-Za-z])(?:over|about|around|approximately|approx\\.|nearly|almost|some|roughly|more${SP}+than|fewer${SP}+than|less${SP}+than|up${SP}+to|as${SP}+many${SP}+as|at${SP}+least|an${SP}+estimated|estimated|close${SP}+to|upwards${SP}+of|in${SP}+excess${SP}+of|just${SP}+(?:over|under)|under)${SP}*$|~${SP}?$`,
  'i',
);
/** "in 2019 workers were sent home": a year, not a count. */
const EN_YEAR_CONTEXT = new RegExp(
  `(?<![A-Za-z])(?:in|since|by|until|till|from|of|during|before|after|through|early|late|mid|end${SP}+of)[\\s\\u00a0-]+$`,
  'i',
);
/**
 * "tens of thousands of workers", "hundreds of laborers", "several hundred workers":
 * found from the quantity word, with what comes before it read from a short window.
 */
const EN_QUANTITY = /[tT]housands?|[hH]undreds?|[dD]ozens?|[sS]cores|THOUSANDS?|HUNDREDS?|DOZENS?/g;
/** Before "thousands". Group 1: tens/hundreds. */
const EN_OF_THOUSANDS_BEFORE = new RegExp(`(?<![A-Za-z])(tens|hundreds)${SP}+of${SP}+$`, 'i');
/** Before a singular "hundred", "thousand", "dozen". */
const EN_SEVERAL_BEFORE = new RegExp(`(?<![A-Za-z])(?:several|a${SP}+few|a)${SP}+$`, 'i');
/** After the quantity word. Groups: 1 modifiers, 2 noun. */
const EN_QUANTITY_AFTER = new RegExp(`(?:${SP}+of)?((?:${SP}+(?:${EN_MODIFIERS})){0,4})${SP}+(${EN_NOUNS})(?![A-Za-z])`, 'iy');
const EN_QUANTITY_VALUE: Record<string, number> = {
  thousands: 1000, hundreds: 100, dozens: 12, scores: 20, thousand: 1000, hundred: 100, dozen: 12,
};

const KO_NOUNS = '노동자|근로자|노무자|인력|일꾼|종업원|노동력|직원|기술자|개발자';
const KO_MODIFIERS = '북한|북측|해외|파견|현지|여성|남성|건설|식당|IT|정보기술|수산물|봉제|벌목';
/** After the number: unit, 여, 명, approximate suffix. Groups: 1 unit, 2 여, 3 suffix. */
const KO_AFTER = new RegExp(`${SP}?([십백천만]{1,2})?${SP}?(여)?${SP}?명(${SP}?(?:가량|정도|이상|남짓|안팎|내외|넘게|넘는|여))?`, 'y');
const KO_NOUN_AFTER = new RegExp(`(?:의|이|가|은|는|을|를)?(?:${SP}?(?:${KO_MODIFIERS})){0,3}${SP}?(?:${KO_NOUNS})`, 'y');
const KO_NOUN_BEFORE = new RegExp(
  `(?:${KO_NOUNS})(?:들)?(?:은|는|이|가|을|를|의)?${SP}?(?:(?:규모|수)(?:는|가)?${SP}?)?(?:(?:총|모두|약|대략|최소|최대|무려)${SP}?)?$`,
);
const KO_APPROX = new RegExp(`(?:약|대략|거의|최소|최대|무려|어림잡아)${SP}?$`);
const KO_APPROX_WORD = /약|대략|최소|최대|무려/;
const KO_WORDS = new RegExp(`수${SP}?(십만|백만|십|백|천|만)${SP}?(?:여${SP}?)?명`, 'g');

const ZH_NOUNS = '工人|劳工|勞工|劳务人员|勞務人員|务工人员|務工人員|员工|員工|劳动者|勞動者|工作人员|工作人員|雇员|雇員|技术人员|技術人員|程序员|程序員|劳动力|勞動力|女工|职工|職工';
/** Groups: 1 unit, 2 多/余, 3 classifier, 4 approximate suffix. */
const ZH_AFTER = new RegExp(`${SP}?([十百千万萬]{1,2})?(多|余|餘)?${SP}?(名|人)(左右|以上)?`, 'y');
const ZH_NOUN_AFTER = new RegExp(`(?:的)?[\\u4e00-\\u9fffA-Za-z]{0,4}?(?:${ZH_NOUNS})`, 'y');
const ZH_NOUN_BEFORE = new RegExp(`(?:${ZH_NOUNS})(?:约|約|近|大约|大約|超过|超過|逾|有|共|达|達|约有|共有)?${SP}?$`);
const ZH_APPROX = new RegExp(`(?:约|約|近|大约|大約|将近|將近|接近|超过|超過|逾|至少|上|多达|多達)${SP}?$`);
const ZH_APPROX_WORD = /约|約|近|超过|超過|逾/;
const ZH_WORDS = new RegExp(`(?:数|數|几|幾|上)(十|百|千|万|萬)(?:多)?${SP}?(?:名|人)`, 'g');

const CJK_UNIT: Record<string, number> = { 십: 10, 백: 100, 천: 1000, 만: 10000, 十: 10, 百: 100, 千: 1000, 万: 10000, 萬: 10000 };

function cjkUnits(units: string | undefined): number {
  if (!units) return 1;
  let m = 1;
  for (const u of units) m *= CJK_UNIT[u] ?? 1;
  return m;
}

const RU_NOUNS =
  'рабоч(?:их|ие|ий)|работник[а-яё]*|трудов[а-яё]+\\s+мигрант[а-яё]*|гастарбайтер[а-яё]*|граждан(?:ин|е)?\\s+КНДР|северокорейц[а-яё]*|специалист[а-яё]*|сотрудник[а-яё]*|строител[а-яё]*|лесоруб[а-яё]*|человек';
/** Groups: 1 thousands, 2 adjectives, 3 noun. */
const RU_AFTER = new RegExp(`(?:${SP}(тыс\\.?|тысяч[а-яё]*))?((?:${SP}+[а-яё]+(?:их|ых)){0,2})${SP}+(${RU_NOUNS})`, 'iy');
const RU_FROM_DPRK = new RegExp(`${SP}+из${SP}+(?:КНДР|Северной${SP}+Кореи)`, 'iy');
const RU_APPROX = new RegExp(
  `(?<![а-яёА-ЯЁ])(?:около|более|почти|свыше|порядка|примерно|приблизительно|не${SP}+менее|не${SP}+более|больше|менее|до)${SP}+$`,
  'i',
);
const RU_WORDS = new RegExp(
  `(десятки${SP}+тысяч|сотни${SP}+тысяч|тысячи|сотни|десятки|несколько${SP}+сотен|несколько${SP}+тысяч)((?:${SP}+[а-яё]+(?:их|ых)){0,2})${SP}+(${RU_NOUNS})`,
  'gi',
);

function russianWordValue(phrase: string): number {
  const p = phrase.toLowerCase();
  if (p.startsWith('десятки') && p.includes('тысяч')) return 10000;
  if (p.startsWith('сотни') && p.includes('тысяч')) return 100000;
  if (p.includes('тысяч')) return 1000;
  if (p.includes('сот')) return 100;
  return 10;
}

function fact(text: string, start: number, end: number, value: number, approximate: boolean): WorkerCountFact {
  return { value, approximate, text: text.slice(start, end), span: [start, end] };
}

function english(text: string, t: NumberToken): WorkerCountFact | null {
  const after = matchAt(text, t.end, EN_AFTER);
  if (!after) return null;
  const [, plus, mult, modifiers, noun] = after.m;
  if (t.decimal && !mult) return null;
  const end = after.end;
  if (EN_WEAK.test(noun) && !NORTH_KOREAN.test(modifiers) && !matchAt(text, end, EN_DISPATCHED)) return null;
  if (isYearLike(t) && !mult && matchBefore(text, t.start, EN_YEAR_CONTEXT, 12)) return null;
  const approx = matchBefore(text, t.start, EN_APPROX, 24);
  const multiplier = mult ? (mult.toLowerCase() === 'thousand' ? 1e3 : 1e6) : 1;
  return fact(text, approx ? approx.start : t.start, end, Math.round(t.value * multiplier), Boolean(approx || plus));
}

/** Korean and Chinese share a shape: number, unit, classifier, and a worker noun after it or before it. */
function cjk(
  text: string,
  t: NumberToken,
  after: Hit,
  units: string | undefined,
  approxSuffix: boolean,
  nounAfter: RegExp,
  nounBefore: RegExp,
  approxBefore: RegExp,
  approxWord: RegExp,
): WorkerCountFact | null {
  if (t.decimal && !units) return null;
  const value = Math.round(t.value * cjkUnits(units));
  const noun = matchAt(text, after.end, nounAfter);
  if (noun) {
    const approx = matchBefore(text, t.start, approxBefore, 6);
    return fact(text, approx ? approx.start : t.start, noun.end, value, approxSuffix || Boolean(approx));
  }
  const before = matchBefore(text, t.start, nounBefore, 24);
  if (!before) return null;
  return fact(text, before.start, after.end, value, approxSuffix || approxWord.test(before.m[0]));
}

function russian(text: string, t: NumberToken): WorkerCountFact | null {
  const after = matchAt(text, t.end, RU_AFTER);
  if (!after || !boundaryAfter(text, after.end)) return null;
  const [, thousands, adjectives, noun] = after.m;
  let end = after.end;
  if (t.decimal && !thousands) return null;
  if (noun.toLowerCase() === 'человек') {
    const fromDprk = matchAt(text, end, RU_FROM_DPRK);
    if (!NORTH_KOREAN_RU.test(adjectives) && !fromDprk) return null;
    if (fromDprk) end = fromDprk.end;
  }
  const approx = matchBefore(text, t.start, RU_APPROX, 24);
  return fact(text, approx ? approx.start : t.start, end, Math.round(t.value * (thousands ? 1000 : 1)), Boolean(approx));
}

function fromNumber(text: string, t: NumberToken): WorkerCountFact | null {
  const next = text.charCodeAt(t.end);
  const next2 = text.charCodeAt(t.end + 1);
  const probe = next === 32 || next === 0xa0 ? next2 : next;
  // What follows must be a word (or "+", "-plus"): most numbers stop here.
  if (!(isLetterCode(probe) || probe >= 0x3000 || next === 43 || next === 45)) return null;
  if (probe >= 0xac00 && probe <= 0xd7af) {
    const after = matchAt(text, t.end, KO_AFTER);
    if (!after) return null;
    return cjk(text, t, after, after.m[1], Boolean(after.m[2] || after.m[3]), KO_NOUN_AFTER, KO_NOUN_BEFORE, KO_APPROX, KO_APPROX_WORD);
  }
  if (probe >= 0x4e00 && probe <= 0x9fff) {
    const after = matchAt(text, t.end, ZH_AFTER);
    if (!after) return null;
    return cjk(text, t, after, after.m[1], Boolean(after.m[2] || after.m[4]), ZH_NOUN_AFTER, ZH_NOUN_BEFORE, ZH_APPROX, ZH_APPROX_WORD);
  }
  if (probe >= 0x400 && probe <= 0x4ff) return russian(text, t);
  return english(text, t);
}

function wordCounts(
  text: string,
  re: RegExp,
  out: WorkerCountFact[],
  valueOf: (m: RegExpExecArray) => number,
  accept: (m: RegExpExecArray, end: number) => number,
): void {
  re.lastIndex = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (!boundaryBefore(text, m.index)) continue;
    const end = accept(m, m.index + m[0].length);
    if (end < 0) continue;
    out.push(fact(text, m.index, end, valueOf(m), true));
  }
}

function englishQuantities(text: string, out: WorkerCountFact[]): void {
  EN_QUANTITY.lastIndex = 0;
  for (let m = EN_QUANTITY.exec(text); m; m = EN_QUANTITY.exec(text)) {
    const wordStart = m.index;
    const wordEnd = wordStart + m[0].length;
    if (!boundaryBefore(text, wordStart) || !boundaryAfter(text, wordEnd)) continue;
    const word = m[0].toLowerCase();
    let value = EN_QUANTITY_VALUE[word];
    let start = wordStart;
    if (word === 'thousands') {
      const of = matchBefore(text, wordStart, EN_OF_THOUSANDS_BEFORE, 20);
      if (of) {
        value = of.m[1].toLowerCase() === 'tens' ? 10000 : 100000;
        start = of.start;
      }
    } else if (!word.endsWith('s')) {
      // A singular quantity needs "several", "a few" or "a" before it ("two hundred" is not read).
      const several = matchBefore(text, wordStart, EN_SEVERAL_BEFORE, 16);
      if (!several || (JUST_A.test(several.m[0]) && word !== 'dozen')) continue;
      start = several.start;
    }
    const after = matchAt(text, wordEnd, EN_QUANTITY_AFTER);
    if (!after) continue;
    const [, modifiers, noun] = after.m;
    if (EN_WEAK.test(noun) && !NORTH_KOREAN.test(modifiers) && !matchAt(text, after.end, EN_DISPATCHED)) continue;
    out.push(fact(text, start, after.end, value, true));
  }
}

export function extractWorkerCounts(text: string, profile: TextProfile): WorkerCountFact[] {
  const out: WorkerCountFact[] = [];
  for (const t of profile.numbers) {
    const f = fromNumber(text, t);
    if (f) out.push(f);
  }
  englishQuantities(text, out);
  if (profile.hangul) wordCounts(text, KO_WORDS, out, (m) => cjkUnits(m[1]), (_m, end) => matchAt(text, end, KO_NOUN_AFTER)?.end ?? -1);
  if (profile.han) wordCounts(text, ZH_WORDS, out, (m) => CJK_UNIT[m[1]], (_m, end) => matchAt(text, end, ZH_NOUN_AFTER)?.end ?? -1);
  if (!profile.cyrillic) return longestFirst(out);
  wordCounts(
    text,
    RU_WORDS,
    out,
    (m) => russianWordValue(m[1]),
    (m, end) => {
      if (!boundaryAfter(text, end)) return -1;
      if (m[3].toLowerCase() !== 'человек') return end;
      const fromDprk = matchAt(text, end, RU_FROM_DPRK);
      if (fromDprk) return fromDprk.end;
      return NORTH_KOREAN_RU.test(m[2]) ? end : -1;
    },
  );
  return longestFirst(out);
}
