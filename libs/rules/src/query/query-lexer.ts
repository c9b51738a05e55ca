import { CharClass, classOf } from '../matcher/char-class';
import { foldString, foldText } from '../matcher/text-normalizer';
import { QuerySyntaxError } from './query-syntax.error';
import { Comparison, FactCondition, FieldName, HAS_VALUES, HasValue, TextPart, VISA_TYPES } from './query.types';

export type LexToken =
  | { t: 'lparen' | 'rparen' | 'and' | 'or' | 'not'; pos: number; end: number }
  | { t: 'near'; pos: number; end: number; distance: number; ordered: boolean }
  | { t: 'field'; pos: number; end: number; field: FieldName }
  | { t: 'text'; pos: number; end: number; parts: TextPart[]; quoted: boolean }
  | { t: 'fact'; pos: number; end: number; condition: FactCondition }
  | { t: 'boost'; pos: number; end: number; weight: number };

/** Admins paste queries from documents, so typographic quotes delimit phrases too. */
const QUOTES = new Set(['"', '\u201c', '\u201d', '\u201e', '\u00ab', '\u00bb']);
const MAX_DISTANCE = 100;
export const MIN_PREFIX_LETTERS = 3;

const FIELD_NAMES = new Set<string>(['title', 'body']);
const FACT_NAMES = new Set<string>(['place', 'place.country', 'place.region', 'has', 'resolution', 'visa', 'amount.currency', 'workers']);

function isWordBreak(ch: string): boolean {
  return /\s/.test(ch) || ch === '(' || ch === ')' || ch === '^' || QUOTES.has(ch);
}

export function lexQuery(query: string): LexToken[] {
  const out: LexToken[] = [];
  let i = 0;
  while (i < query.length) {
    const ch = query[i];
    if (/\s/.test(ch)) {
      i++;
    } else if (ch === '(' || ch === ')') {
      out.push({ t: ch === '(' ? 'lparen' : 'rparen', pos: i, end: i + 1 });
      i++;
    } else if (QUOTES.has(ch)) {
      const phrase = readPhrase(query, i);
      out.push({ t: 'text', pos: i, end: phrase.end, parts: textParts(phrase.inner, i + 1, true, i), quoted: true });
      i = phrase.end;
    } else if (ch === '^') {
      const m = /^\^(\d+(?:\.\d+)?)/.exec(query.slice(i));
      if (!m) throw new QuerySyntaxError('^ needs a number (a score weight such as ^0 or ^2)', i);
      out.push({ t: 'boost', pos: i, end: i + m[0].length, weight: Number(m[1]) });
      i += m[0].length;
    } else {
      let end = i;
      while (end < query.length && !isWordBreak(query[end])) end++;
      i = lexWord(query, i, end, out);
    }
  }
  return out;
}

function readPhrase(query: string, open: number): { inner: string; end: number } {
  let close = open + 1;
  while (close < query.length && !QUOTES.has(query[close])) close++;
  if (close >= query.length) throw new QuerySyntaxError('unterminated phrase', open);
  const inner = query.slice(open + 1, close);
  if (inner.trim() === '') throw new QuerySyntaxError('empty phrase', open);
  return { inner, end: close + 1 };
}

/** Lexes the word query[start, end); returns where lexing continues. */
function lexWord(query: string, start: number, end: number, out: LexToken[]): number {
  const word = query.slice(start, end);

  if (word === 'AND' || word === 'OR' || word === 'NOT') {
    out.push({ t: word.toLowerCase() as 'and' | 'or' | 'not', pos: start, end });
    return end;
  }
  const near = /^(O?NEAR)(?:\/(.*))?$/.exec(word);
  if (near) {
    const op = near[1];
    if (near[2] === undefined || !/^\d+$/.test(near[2])) throw new QuerySyntaxError(`${op} needs a number`, start);
    const distance = Number(near[2]);
    if (distance < 1 || distance > MAX_DISTANCE) {
      throw new QuerySyntaxError(`${op} distance must be between 1 and ${MAX_DISTANCE}`, start);
    }
    out.push({ t: 'near', pos: start, end, distance, ordered: op === 'ONEAR' });
    return end;
  }
  // A lower-case "or" would silently become a search word ANDed with its neighbours.
  if (/^(and|or|not)$/i.test(word)) {
    throw new QuerySyntaxError(`write ${word.toUpperCase()} in capitals to use it as an operator, or quote "${word}" to search for the word`, start);
  }
  if (/^o?near\/\d*$/i.test(word)) {
    throw new QuerySyntaxError(`write ${word.toUpperCase()} in capitals`, start);
  }
  if (word.length > 1 && word.startsWith('/')) {
    throw new QuerySyntaxError('regular expressions are not supported (use words, "phrases" and trailing * wildcards)', start);
  }

  const field = /^([A-Za-z][A-Za-z0-9_.]*)(>=|<=|:|>|<|=)/.exec(word);
  if (field) {
    const name = field[1].toLowerCase();
    const op = field[2];
    const valueStart = start + field[0].length;
    if (FIELD_NAMES.has(name) && op === ':') {
      out.push({ t: 'field', pos: start, end: valueStart, field: name as FieldName });
      if (valueStart < end) return lexWord(query, valueStart, end, out);
      const next = query[valueStart];
      if (next === undefined || !(next === '(' || QUOTES.has(next))) {
        throw new QuerySyntaxError(`${name}: needs a word, "phrase" or (group) right after the colon`, start);
      }
      return valueStart;
    }
    if (FACT_NAMES.has(name)) {
      let value = query.slice(valueStart, end);
      let after = end;
      if (value === '' && QUOTES.has(query[valueStart] ?? '')) {
        const phrase = readPhrase(query, valueStart);
        value = phrase.inner.trim();
        after = phrase.end;
      }
      out.push({ t: 'fact', pos: start, end: after, condition: factCondition(name, op, value, start) });
      return after;
    }
    throw new QuerySyntaxError(`unknown field "${field[1]}"`, start);
  }

  out.push({ t: 'text', pos: start, end, parts: textParts(word, start, false, start), quoted: false });
  return end;
}

function factCondition(name: string, op: string, value: string, pos: number): FactCondition {
  if (name === 'workers') {
    if (op === ':') throw new QuerySyntaxError('workers needs a comparison such as workers>=50', pos);
    if (!/^\d+$/.test(value)) throw new QuerySyntaxError('workers needs a number such as workers>=50', pos);
    return { fact: 'workers', op: op as Comparison, value: Number(value) };
  }
  if (op !== ':') throw new QuerySyntaxError(`${name} takes a colon, e.g. ${name}:value`, pos);
  if (value === '') throw new QuerySyntaxError(`${name}: needs a value`, pos);
  switch (name) {
    case 'has': {
      const v = value.toLowerCase();
      if (!(HAS_VALUES as readonly string[]).includes(v)) {
        throw new QuerySyntaxError(`unknown has: value "${value}" (use ${HAS_VALUES.join(', ')})`, pos);
      }
      return { fact: 'has', value: v as HasValue };
    }
    case 'visa': {
      const v = value.toLowerCase();
      const type = VISA_TYPES.find((t) => t === v);
      if (!type) throw new QuerySyntaxError(`unknown visa type "${value}" (use ${VISA_TYPES.join(', ')})`, pos);
      return { fact: 'visa', value: type };
    }
    case 'place.country':
      if (!/^[A-Za-z]{2}$/.test(value)) throw new QuerySyntaxError('place.country needs a two-letter country code such as CN', pos);
      return { fact: 'place.country', value: value.toUpperCase() };
    case 'resolution':
      if (!/^\d+$/.test(value)) throw new QuerySyntaxError('resolution needs a number such as 2397', pos);
      return { fact: 'resolution', value: String(Number(value)) };
    case 'amount.currency':
      if (!/^[A-Za-z0-9]{2,10}$/.test(value)) throw new QuerySyntaxError('amount.currency needs a currency code such as USD', pos);
      return { fact: 'amount.currency', value: value.toUpperCase() };
    case 'place':
    case 'place.region':
      return { fact: name, value: foldString(value).replace(/\s+/g, ' ').trim() };
    default:
      throw new QuerySyntaxError(`unknown field "${name}"`, pos);
  }
}

/**
 * Splits a word or phrase into match pieces with the same folding and character
 * classes as the article tokenizer, so a query can never ask for something the
 * tokenizer cannot produce. `offset` is where `raw` starts in the query.
 */
export function textParts(raw: string, offset: number, quoted: boolean, tokenPos: number): TextPart[] {
  const folded = foldText(raw);
  const text = folded.text;
  const parts: TextPart[] = [];
  let wordStart = -1;
  let cjkOpen = false; // the last part is CJK and only whitespace followed it
  let spaceSeen = false;

  const closeWord = (end: number, prefix: boolean) => {
    if (wordStart < 0) return;
    parts.push({ kind: 'word', text: text.slice(wordStart, end), prefix });
    wordStart = -1;
  };

  let i = 0;
  while (i < text.length) {
    const cp = text.codePointAt(i)!;
    const width = cp > 0xffff ? 2 : 1;
    const ch = text.slice(i, i + width);
    const cls = classOf(cp);
    if (cls === CharClass.Word) {
      if (wordStart < 0) wordStart = i;
      cjkOpen = false;
    } else if (cls === CharClass.Han || cls === CharClass.Hangul) {
      closeWord(i, false);
      const last = parts[parts.length - 1];
      if (cjkOpen && last?.kind === 'cjk') {
        // Same rule as the tokenizer's CJK stream: a space survives only between Hangul words.
        const hangulGap = spaceSeen && cls === CharClass.Hangul && classOf(last.text.charCodeAt(last.text.length - 1)) === CharClass.Hangul;
        last.text += hangulGap ? ` ${ch}` : ch;
      } else {
        parts.push({ kind: 'cjk', text: ch });
      }
      cjkOpen = true;
      spaceSeen = false;
    } else if (ch === '*') {
      const at = offset + folded.starts[i];
      const next = i + 1 < text.length ? classOf(text.codePointAt(i + 1)!) : CharClass.Space;
      const followed = next === CharClass.Word || next === CharClass.Han || next === CharClass.Hangul;
      if (wordStart >= 0) {
        const letters = [...text.slice(wordStart, i)].length;
        if (letters < MIN_PREFIX_LETTERS) {
          throw new QuerySyntaxError(`wildcard needs at least ${MIN_PREFIX_LETTERS} letters before *`, offset + folded.starts[wordStart]);
        }
        if (followed) throw new QuerySyntaxError('* can only end a word', at);
        closeWord(i, true);
      } else if (!(cjkOpen && parts.length > 0 && text[i - 1] !== ' ')) {
        // A star after CJK is accepted and ignored: CJK already matches as a substring.
        throw new QuerySyntaxError(`wildcard needs at least ${MIN_PREFIX_LETTERS} letters before *`, at);
      }
      cjkOpen = false;
    } else if (cls === CharClass.Space) {
      closeWord(i, false);
      spaceSeen = true;
    } else {
      closeWord(i, false);
      cjkOpen = false;
    }
    i += width;
  }
  closeWord(text.length, false);

  if (parts.length === 0) {
    if (quoted) throw new QuerySyntaxError('empty phrase', tokenPos);
    throw new QuerySyntaxError(`nothing to search for in "${raw}"`, tokenPos);
  }
  return parts;
}
