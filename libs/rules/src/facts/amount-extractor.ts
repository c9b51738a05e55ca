import { CharKind, isWordCode, kindOf } from './char-kind';
import { matchAt, matchBefore } from './context-window';
import type { AmountFact } from './facts.types';
import { isYearLike } from './number-scanner';
import { PatternTable } from './pattern-table';
import { longestFirst } from './span-overlap';
import type { TextProfile } from './text-profile';

/**
 * Money amounts: [currency] number [multiplier] [currency] [qualifiers], anchored on
 * the numbers found by the number scanner. A number becomes an amount only when a
 * currency is written next to it.
 *
 * "won" on its own: KRW, unless the same text names the North Korean won somewhere
 * ("North Korean won", "KPW", "북한 돈", ...), in which case bare "won"/"원" is read as
 * KPW too. South Korean outlets write plain "won" for their own currency; outlets
 * that quote North Korean market prices say so at least once.
 */

const SP = '[\\s\\u00a0]';
/** Marks a bare "won"/"원" whose code depends on the document (see above). */
const BARE_WON = 'WON';
/** A generic crypto amount with no ticker ("300 million in cryptocurrency"). */
export const CRYPTO = 'CRYPTO';

const PREFIX = new PatternTable<string>(
  [
    ['(?<![A-Za-z])(?:US|U\\.S\\.)\\s?\\$', 'USD'],
    ['(?<![A-Za-z])HK\\$', 'HKD'],
    ['(?<![A-Za-z])(?:CN|RMB)\\s?[¥￥]', 'CNY'],
    ['(?<![A-Za-z])JP\\s?[¥￥]', 'JPY'],
    ['\\$', 'USD'],
    ['€', 'EUR'],
    ['£', 'GBP'],
    ['[¥￥]', 'CNY'],
    ['₩', 'KRW'],
    ['₽', 'RUB'],
    ['(?<![A-Za-z])USD', 'USD'],
    ['(?<![A-Za-z])EUR', 'EUR'],
    ['(?<![A-Za-z])GBP', 'GBP'],
    ['(?<![A-Za-z])(?:RMB|CNY)', 'CNY'],
    ['(?<![A-Za-z])JPY', 'JPY'],
    ['(?<![A-Za-z])KRW', 'KRW'],
    ['(?<![A-Za-z])KPW', 'KPW'],
    ['(?<![A-Za-z])RUB', 'RUB'],
    ['(?<![A-Za-z])AED', 'AED'],
    ['(?<![A-Za-z])QAR', 'QAR'],
    ['(?<![A-Za-z])SAR', 'SAR'],
    ['(?<![A-Za-z])KWD', 'KWD'],
    ['人民币|人民幣', 'CNY'],
  ],
  '',
  (alt) => `${alt}${SP}?$`,
);

const LATIN_MULTIPLIER = new PatternTable<number>(
  [
    ['trillions?|tn', 1e12],
    ['billions?|bn|bln', 1e9],
    ['millions?|mln|mn', 1e6],
    ['thousands?', 1e3],
    ['млрд\\.?|миллиард[а-яё]*', 1e9],
    ['млн\\.?|миллион[а-яё]*', 1e6],
    ['тысяч[а-яё]*|тыс\\.?', 1e3],
  ],
  'iy',
  (alt) => `${SP}?${alt}`,
);

/** "$5m", "$2bn", "$10k": only glued to the number and only after a currency sign. */
const SHORT_MULTIPLIER = /(bn|mn|m|b|k)(?![A-Za-z])/iy;
const SHORT_VALUES: Record<string, number> = { bn: 1e9, mn: 1e6, m: 1e6, b: 1e9, k: 1e3 };

/** CJK units: optional small unit (十百千) then optional large one (万亿, 만억조). */
const CJK_MULTIPLIER = /[\s\u00a0]?([十百千拾佰仟십백천])?([万萬亿億만억조])?/y;
/** The rest of a compound like "1억 7천만" or "1万5千". */
const CJK_COMPOUND = /[\s\u00a0]?(\d{1,4})[\s\u00a0]?([十百千십백천])?([万萬만])?/y;
const CJK_UNIT: Record<string, number> = {
  十: 10, 拾: 10, 십: 10, 百: 100, 佰: 100, 백: 100, 千: 1e3, 仟: 1e3, 천: 1e3,
  万: 1e4, 萬: 1e4, 만: 1e4, 亿: 1e8, 億: 1e8, 억: 1e8, 조: 1e12,
};

const SUFFIX = new PatternTable<string>(
  [
    ['North\\s+Korean\\s+won', 'KPW'],
    ['(?:South\\s+)?Korean\\s+won', 'KRW'],
    ['won', BARE_WON],
    ['(?:US|U\\.S\\.|American)\\s+dollars?', 'USD'],
    ['USDT|tethers?', 'USDT'],
    ['dollars?|USD', 'USD'],
    ['euros?|EUR', 'EUR'],
    ['(?:Chinese\\s+)?yuan|renminbi|RMB|CNY', 'CNY'],
    ['(?:Russian\\s+)?r(?:o)?ubles?|RUB', 'RUB'],
    ['(?:Japanese\\s+)?yen|JPY', 'JPY'],
    ['KRW', 'KRW'],
    ['KPW', 'KPW'],
    ['GBP|pounds\\s+sterling', 'GBP'],
    ['(?:UAE\\s+)?dirhams?|AED', 'AED'],
    ['Qatari\\s+riyals?|QAR', 'QAR'],
    ['Saudi\\s+riyals?|SAR', 'SAR'],
    ['Kuwaiti\\s+dinars?|KWD', 'KWD'],
    ['tugriks?|MNT', 'MNT'],
    ['bitcoins?|BTC', 'BTC'],
    ['северокорейск[а-яё]*\\s+вон', 'KPW'],
    ['рубл[а-яё]*|руб\\.?', 'RUB'],
    ['доллар[а-яё]*|долл\\.?', 'USD'],
    ['юан[а-яё]*', 'CNY'],
    ['евро', 'EUR'],
    ['[ий]ен[аыу]?', 'JPY'],
    ['\\$', 'USD'],
    ['€', 'EUR'],
    ['₽', 'RUB'],
    ['₩', 'KRW'],
    ['[¥￥]', 'CNY'],
    ['美元|美金', 'USD'],
    ['欧元|歐元', 'EUR'],
    ['日元|日圓', 'JPY'],
    ['韩元|韓元', 'KRW'],
    ['朝鲜元|朝鮮元', 'KPW'],
    ['卢布|盧布', 'RUB'],
    ['(?:元(?![素旦])|圆|圓|块钱)(?:人民币|人民幣)?|人民币|人民幣', 'CNY'],
    ['(?:미국\\s?)?달러', 'USD'],
    ['위안(?:화)?', 'CNY'],
    ['루블(?:화)?', 'RUB'],
    ['유로(?:화)?', 'EUR'],
    ['엔(?:화)?', 'JPY'],
    ['원(?!칙)', BARE_WON],
  ],
  'iy',
  (alt) => `${SP}{0,2}${alt}`,
);

const CRYPTO_SUFFIX = new PatternTable<string>(
  [
    ['bitcoins?', 'BTC'],
    ['ether(?:eum)?', 'ETH'],
    ['crypto(?:currenc(?:y|ies))?|cryptocurrenc(?:y|ies)|crypto[\\s-]assets?|(?:digital|virtual)\\s+(?:currenc(?:y|ies)|assets?)', CRYPTO],
  ],
  'iy',
  (alt) => `${SP}+(?:in|of|worth\\s+of)\\s+${alt}`,
);

/** Phrases after a bare "won" that make it the verb ("2019 won the", "3 won by"). */
const WON_THE_VERB = /[\s\u00a0]+(?:the|a|an|his|her|their|its|our|my|by|over|against|praise|support|approval|seats?|votes?|points?|games?|matches)(?![A-Za-z])/iy;

/** Qualifiers after the amount; "each" alone (per person) is tried after "each month". */
const PER = new PatternTable<string>(
  [
    ['per\\s+month|a\\s+month(?!\\s+(?:ago|earlier|later|before|after))|monthly|each\\s+month|every\\s+month|\\/\\s?(?:month|mo)|每月|每个月|每個月|一个月|一個月|매달|매월|в\\s+месяц|ежемесячно', 'per month'],
    ['per\\s+(?:year|annum)|a\\s+year(?!\\s+(?:ago|earlier|later|before|after))|annually|yearly|each\\s+year|every\\s+year|每年|매년|в\\s+год|ежегодно', 'per year'],
    ['per\\s+day|a\\s+day(?!\\s+(?:ago|earlier|later|before|after))|daily|each\\s+day|every\\s+day|每天|每日|매일|в\\s+день|ежедневно', 'per day'],
    ['per\\s+(?:person|head|capita|worker|labou?rer|employee)|a\\s+head|each|apiece|每人|每个人|每個人|人均|1인당|인당|на\\s+человека|с\\s+человека', 'per person'],
  ],
  'iy',
  (alt) => `${SP}*${alt}`,
);

/** Qualifiers written before the number in Chinese and Korean ("每人每月3400元", "월 500달러"). */
const PER_BEFORE = new PatternTable<string>(
  [
    ['每人每月|1인당\\s?월', 'per person per month'],
    ['每人|1인당|인당', 'per person'],
    ['每月|月薪|月工资|月工資|月收入|매달|매월|월급|(?<![0-9가-힣])월', 'per month'],
    ['年薪|연봉', 'per year'],
    ['日薪|일당', 'per day'],
  ],
  '',
  (alt) => `${alt}${SP}?$`,
);

const NORTH_KOREAN_WON = /North[\s\u00a0]+Korean[\s\u00a0]+won|\bKPW\b|북한[\s\u00a0]?(?:돈|원화)|북한[\s\u00a0]?원(?![가-힣])|северокорейск[а-яё]*\s+вон|朝鲜元|朝鮮元/i;

/** True when a match that ends in a letter is not glued to the next word. */
function endsOnBoundary(text: string, end: number): boolean {
  const last = text.charCodeAt(end - 1);
  return !isWordCode(last) || end >= text.length || !isWordCode(text.charCodeAt(end));
}

const SYMBOLS = new Set([0x24, 0x20ac, 0xa3, 0xa5, 0xffe5, 0x20a9, 0x20bd]);

/** First character after `pos`, skipping up to two spaces. */
function nextVisible(text: string, pos: number): number {
  let c = text.charCodeAt(pos);
  for (let k = 1; k <= 2 && (c === 32 || c === 0xa0); k++) c = text.charCodeAt(pos + k);
  return c;
}

/** Last character before `pos`, skipping one space. */
function previousVisible(text: string, pos: number): number {
  const c = text.charCodeAt(pos - 1);
  return c === 32 || c === 0xa0 ? text.charCodeAt(pos - 2) : c;
}

/**
 * Cheap tests that let most numbers (years, counts, page numbers) skip the pattern
 * work: a currency prefix ends in a symbol, an upper-case code letter or 币/幣; a
 * suffix, multiplier or qualifier starts with a letter, a CJK character or a symbol.
 */
function mayHavePrefix(c: number): boolean {
  return SYMBOLS.has(c) || (c >= 65 && c <= 90) || c === 0x5e01 || c === 0x5e63;
}

function mayHaveSuffix(c: number): boolean {
  const k = kindOf(c);
  return k === CharKind.Lower || k === CharKind.Upper || k === CharKind.Cjk || SYMBOLS.has(c);
}

function round(value: number, multiplied: boolean): number {
  return multiplied ? Math.round(value * 100) / 100 : Math.round(value * 1e6) / 1e6;
}

export function extractAmounts(text: string, profile: TextProfile): AmountFact[] {
  const out: AmountFact[] = [];
  let northKoreanWon: boolean | undefined;
  for (const t of profile.numbers) {
    const before = previousVisible(text, t.start);
    const hasPrefix = mayHavePrefix(before);
    if (!hasPrefix && !mayHaveSuffix(nextVisible(text, t.end))) continue;
    let start = t.start;
    let end = t.end;
    let value = t.value;
    let multiplier = 1;
    let currency: string | undefined;

    const prefix = hasPrefix ? matchBefore(text, t.start, PREFIX.regex, 12) : null;
    if (prefix) {
      currency = PREFIX.valueOf(prefix.m);
      start = prefix.start;
    }

    const short = currency ? matchAt(text, end, SHORT_MULTIPLIER) : null;
    const latin = short ? null : matchAt(text, end, LATIN_MULTIPLIER.regex);
    if (short) {
      multiplier = SHORT_VALUES[short.m[1].toLowerCase()];
      end = short.end;
    } else if (latin && endsOnBoundary(text, latin.end)) {
      multiplier = LATIN_MULTIPLIER.valueOf(latin.m)!;
      end = latin.end;
    } else {
      const cjk = matchAt(text, end, CJK_MULTIPLIER);
      if (cjk && (cjk.m[1] || cjk.m[2])) {
        const big = cjk.m[2] ? CJK_UNIT[cjk.m[2]] : 1;
        multiplier = (cjk.m[1] ? CJK_UNIT[cjk.m[1]] : 1) * big;
        end = cjk.end;
        const rest = big > 1 ? matchAt(text, end, CJK_COMPOUND) : null;
        if (rest && (rest.m[2] || rest.m[3])) {
          const unit = (rest.m[2] ? CJK_UNIT[rest.m[2]] : 1) * (rest.m[3] ? CJK_UNIT[rest.m[3]] : 1);
          if (unit < big) {
            value = value * multiplier + Number(rest.m[1]) * unit;
            multiplier = 1;
            end = rest.end;
          }
        }
      }
    }

    const suffix = matchAt(text, end, SUFFIX.regex);
    let code = suffix && endsOnBoundary(text, suffix.end) ? SUFFIX.valueOf(suffix.m)! : undefined;
    if (code === BARE_WON) {
      // "in 2019 won the title", "$500 won approval": the verb, not the currency.
      if (currency || (isYearLike(t) && multiplier === 1) || matchAt(text, suffix!.end, WON_THE_VERB)) code = undefined;
      else {
        northKoreanWon ??= NORTH_KOREAN_WON.test(text);
        code = northKoreanWon ? 'KPW' : 'KRW';
      }
    }
    if (code) {
      currency = currency ?? code;
      end = suffix!.end;
    } else if (!currency) {
      const crypto = matchAt(text, end, CRYPTO_SUFFIX.regex);
      if (!crypto || !endsOnBoundary(text, crypto.end)) continue;
      currency = CRYPTO_SUFFIX.valueOf(crypto.m)!;
      end = crypto.end;
    }
    if (!currency) continue;

    const per: string[] = [];
    const perBefore = previousVisible(text, start) >= 0x3000 ? matchBefore(text, start, PER_BEFORE.regex, 10) : null;
    if (perBefore) {
      per.push(PER_BEFORE.valueOf(perBefore.m)!);
      start = perBefore.start;
    }
    for (let k = 0; k < 2; k++) {
      const q = matchAt(text, end, PER.regex);
      if (!q || !endsOnBoundary(text, q.end)) break;
      const p = PER.valueOf(q.m)!;
      if (!per.some((x) => x.includes(p))) per.push(p);
      end = q.end;
    }

    const fact: AmountFact = { value: round(value * multiplier, multiplier > 1), currency, text: text.slice(start, end), span: [start, end] };
    if (per.length) fact.per = per.join(' ');
    out.push(fact);
  }
  return longestFirst(out);
}
