import { boundaryAfter, boundaryBefore } from './char-kind';
import { matchAt, matchBefore } from './context-window';
import type { VisaFact, VisaType } from './facts.types';
import { PatternTable } from './pattern-table';
import { longestFirst } from './span-overlap';
import type { TextProfile } from './text-profile';

/**
 * Visa statuses that workers are sent under. Beyond "X visa" phrases, a few status
 * words count on their own because they are the usual cover for dispatched labour:
 * "industrial trainees", "temporary visitors", 연수생, 研修, 留学.
 *
 * Bare 访问 ("visit") is not matched: it is one of the most common words in Chinese
 * news (any official visit); 访问签证 and 以访问名义 ("in the name of a visit") are.
 *
 * English is found from its head words (visa, trainee, visitor, tourist, permit) with
 * the qualifier read just before them: one cheap scan instead of one alternation
 * tried at every position of the text.
 */

const SP = '[\\s\\u00a0]';
const GAP = '[\\s\\u00a0-]+';

const EN_HEAD = /[vV]isas?|VISAS?|[vV]isitors?|[tT]rainees?|[tT]ourists?|[pP]ermits?/g;

/** Qualifiers before "visa". */
const BEFORE_VISA = new PatternTable<VisaType>(
  [
    [`(?:student(?:${SP}+(?:training|exchange))?|study|students['’]?)${GAP}`, 'student'],
    [`(?:trainee|training|internship|intern)${GAP}`, 'trainee'],
    [`(?:tourist|tourism)${GAP}`, 'tourist'],
    [`(?:visitors?['’]?|visiting|visit)${GAP}`, 'visitor'],
    [`(?:work(?:ing)?|employment|labou?r)${GAP}`, 'work'],
    [`(?:without|no)${SP}+(?:a${SP}+|any${SP}+)?(?:valid${SP}+|proper${SP}+)?`, 'none'],
  ],
  'i',
  (alt) => `(?<![A-Za-z])${alt}$`,
);
const AT_ALL = new RegExp(`${SP}+at${SP}+all(?![A-Za-z])`, 'iy');
const VISA_FREE = new RegExp(`${GAP}free(?![A-Za-z])`, 'iy');
const TO_WORK = new RegExp(`${SP}+to${SP}+work(?![A-Za-z])`, 'iy');
const BEFORE_TRAINEE = new RegExp(`(?<![A-Za-z])(?:industrial|technical)${SP}+$`, 'i');
const BEFORE_VISITOR = new RegExp(`(?<![A-Za-z])(?:temporary|short${GAP}term)${SP}+$`, 'i');
const BEFORE_TOURISTS = new RegExp(`(?<![A-Za-z])as${SP}+$`, 'i');
const BEFORE_PERMIT = new RegExp(`(?<![A-Za-z])work${SP}+$`, 'i');

const KOREAN = new PatternTable<VisaType>(
  [
    [`(?:유학생?|학생)${SP}?비자|유학생${SP}?(?:신분|자격)`, 'student'],
    [`산업${SP}?연수생|연수생|연수${SP}?비자`, 'trainee'],
    [`관광${SP}?비자`, 'tourist'],
    [`(?:단기${SP}?)?방문${SP}?비자`, 'visitor'],
    [`(?:취업|노동|근로)${SP}?비자`, 'work'],
    [`무비자|비자${SP}?없이|비자${SP}?없는`, 'none'],
  ],
  'g',
);
const CHINESE = new PatternTable<VisaType>(
  [
    [`学生签证|學生簽證|留学|留學`, 'student'],
    [`研修|实习签证|實習簽證`, 'trainee'],
    [`旅游签证|旅遊簽證|观光签证|觀光簽證`, 'tourist'],
    [`访问签证|訪問簽證|探亲签证|探親簽證|以(?:访问|訪問|探亲|探親)(?:名义|名義|身份)`, 'visitor'],
    [`工作签证|工作簽證|劳务签证|勞務簽證`, 'work'],
    [`免签|免簽|无签证|無簽證|没有签证|沒有簽證`, 'none'],
  ],
  'g',
);
const RUSSIAN = new PatternTable<VisaType>(
  [
    [`(?:студенческ|учебн)[а-яё]*${SP}+виз[а-яё]*`, 'student'],
    [`стаж[её]рск[а-яё]*${SP}+виз[а-яё]*`, 'trainee'],
    [`туристическ[а-яё]*${SP}+виз[а-яё]*`, 'tourist'],
    [`гостев[а-яё]*${SP}+виз[а-яё]*`, 'visitor'],
    [`рабоч[а-яё]*${SP}+виз[а-яё]*`, 'work'],
    [`без${SP}+виз[а-яё]*|безвизов[а-яё]*`, 'none'],
  ],
  'gi',
);

function push(out: VisaFact[], text: string, type: VisaType, start: number, end: number): void {
  out.push({ type, text: text.slice(start, end), span: [start, end] });
}

function english(text: string, out: VisaFact[]): void {
  EN_HEAD.lastIndex = 0;
  for (let m = EN_HEAD.exec(text); m; m = EN_HEAD.exec(text)) {
    const start = m.index;
    const end = start + m[0].length;
    if (!boundaryBefore(text, start) || !boundaryAfter(text, end)) continue;
    const head = m[0].toLowerCase();
    if (head.startsWith('visa')) {
      const before = matchBefore(text, start, BEFORE_VISA.regex, 40);
      if (before) {
        const type = BEFORE_VISA.valueOf(before.m)!;
        const atAll = type === 'none' ? matchAt(text, end, AT_ALL) : null;
        push(out, text, type, before.start, atAll ? atAll.end : end);
        continue;
      }
      const free = matchAt(text, end, VISA_FREE);
      if (free) {
        push(out, text, 'none', start, free.end);
        continue;
      }
      const toWork = matchAt(text, end, TO_WORK);
      if (toWork) push(out, text, 'work', start, toWork.end);
      continue;
    }
    const [re, type]: [RegExp, VisaType] = head.startsWith('trainee')
      ? [BEFORE_TRAINEE, 'trainee']
      : head.startsWith('visitor')
        ? [BEFORE_VISITOR, 'visitor']
        : head.startsWith('permit')
          ? [BEFORE_PERMIT, 'work']
          : [BEFORE_TOURISTS, 'tourist'];
    if (type === 'tourist' && head !== 'tourists') continue; // "as tourists"; "tourist visa" is read at "visa"
    const before = matchBefore(text, start, re, 24);
    if (before) push(out, text, type, before.start, end);
  }
}

function scan(text: string, table: PatternTable<VisaType>, out: VisaFact[]): void {
  const re = table.regex;
  re.lastIndex = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const start = m.index;
    const end = start + m[0].length;
    if (!boundaryBefore(text, start) || !boundaryAfter(text, end)) continue;
    push(out, text, table.valueOf(m)!, start, end);
  }
}

export function extractVisas(text: string, profile: TextProfile): VisaFact[] {
  const out: VisaFact[] = [];
  english(text, out);
  if (profile.hangul) scan(text, KOREAN, out);
  if (profile.han) scan(text, CHINESE, out);
  if (profile.cyrillic) scan(text, RUSSIAN, out);
  return longestFirst(out);
}
