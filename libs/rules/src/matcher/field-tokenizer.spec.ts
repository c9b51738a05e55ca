import { CharClass, classOf } from './char-class';
import { CJK_BREAK, TokenKind, tokenizeField } from './field-tokenizer';
import { foldString, foldText } from './text-normalizer';

describe('foldText', () => {
  it('lower-cases, strips accents and plain-quotes, keeping offsets of the original', () => {
    const folded = foldText('Réunion “Ǆ” Korea’s');
    expect(folded.text).toBe('reunion "dz" korea\'s');
    const original = 'Réunion “Ǆ” Korea’s';
    // every folded char maps into the original string
    for (let i = 0; i < folded.text.length; i++) {
      expect(folded.starts[i]).toBeGreaterThanOrEqual(0);
      expect(folded.ends[i]).toBeLessThanOrEqual(original.length);
    }
  });

  it('keeps Hangul syllables whole, and Russian й, but folds ё', () => {
    expect(foldString('북한')).toBe('북한');
    expect(foldString('Ещё северокорейский')).toBe('еще северокорейский');
  });

  it('drops soft hyphens and zero-width characters, expands ligatures', () => {
    expect(foldString('work\u00aders\u200b')).toBe('workers');
    expect(foldString('\ufb01nance')).toBe('finance');
  });
});

describe('tokenizeField', () => {
  it('splits alphabetic words on anything that is not a letter or digit', () => {
    const t = tokenizeField('North-Korean workers’ “loyalty” 2,397');
    expect(t.tokens).toEqual(['north', 'korean', 'workers', 'loyalty', '2', '397']);
    expect([...t.kinds].every((k) => k === TokenKind.Word)).toBe(true);
  });

  it('records original char offsets for every token', () => {
    const text = '😀 Ｐｙｏｎｇｙａｎｇ sent ﬁve';
    const t = tokenizeField(text);
    expect(t.tokens).toEqual(['pyongyang', 'sent', 'five']);
    expect(t.tokens.map((_, i) => text.slice(t.starts[i], t.ends[i]))).toEqual(['Ｐｙｏｎｇｙａｎｇ', 'sent', 'ﬁve']);
  });

  it('makes every Han character a token and every Hangul run a token', () => {
    const t = tokenizeField('朝鲜劳工 북한의 노동자들');
    expect(t.tokens).toEqual(['朝', '鲜', '劳', '工', '북한의', '노동자들']);
    expect(t.cjk).toBe('朝鲜劳工북한의 노동자들');
  });

  it('breaks the CJK stream at punctuation and Latin words', () => {
    const t = tokenizeField('朝鲜，劳工 IT人员');
    expect(t.cjk).toBe(`朝鲜${CJK_BREAK}劳工${CJK_BREAK}人员`);
    expect(t.tokens).toEqual(['朝', '鲜', '劳', '工', 'it', '人', '员']);
  });
});

describe('sentences', () => {
  /** The tokens of each sentence, joined, so expectations read like the text. */
  const sentencesOf = (text: string) => {
    const t = tokenizeField(text);
    const out: string[][] = [];
    t.tokens.forEach((tok, i) => (out[t.sentences[i]] ??= []).push(tok));
    return out.map((words) => words.join(' '));
  };

  it('ends a sentence at . ? ! before a capital, a digit or a caseless script, and at a blank line', () => {
    expect(sentencesOf('Workers were sent home. The plant closed! Why? Nobody knows.\n\nNext paragraph')).toEqual([
      'workers were sent home',
      'the plant closed',
      'why',
      'nobody knows',
      'next paragraph',
    ]);
    expect(sentencesOf('It ended in 2019. 40 workers left. 북한 노동자들이 송환됐다. 공장은 문을 닫았다')).toEqual([
      'it ended in 2019',
      '40 workers left',
      '북한 노동자들이 송환됐다',
      '공장은 문을 닫았다',
    ]);
  });

  it('follows closing quotes and brackets, and CJK full stops', () => {
    expect(sentencesOf('"They left." Then (the plant shut.) Later')).toEqual(['they left', 'then the plant shut', 'later']);
    expect(sentencesOf('朝鲜劳工被遣返。工厂关闭')).toEqual(['朝 鲜 劳 工 被 遣 返', '工 厂 关 闭']);
  });

  it('does not end a sentence after abbreviations, initials, decimals, before lower case, or at a single line break', () => {
    expect(sentencesOf('The U.N. Security Council met Mr. Kim and Gen. Ri on Dec. 22 under Resolution No. 2397.')).toHaveLength(1);
    expect(sentencesOf('Exports rose 1.7 percent, approx. three times the U.S. figure; see example.com now')).toHaveLength(1);
    expect(sentencesOf('Why? they asked. A line\nwrapped by the editor')).toEqual(['why they asked', 'a line wrapped by the editor']);
    expect(sentencesOf('Talks ended on Nov. 2. Prices then fell')).toEqual(['talks ended on nov 2', 'prices then fell']);
  });
});

/**
 * The tokenizer folds while it scans, with shortcuts for plain ASCII words. This is the
 * straightforward version it replaced (fold the whole text first, then classify each
 * folded character); both must agree on every input.
 */
function referenceTokenize(original: string) {
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
  let tokenStart = -1;
  let tokenKind = 0;
  let broke = false;
  let spaced = false;
  const close = (end: number) => {
    if (tokenKind === 0) return;
    tokens.push(text.slice(tokenStart, end));
    kinds.push(tokenKind);
    starts.push(folded.starts[tokenStart]);
    ends.push(folded.ends[end - 1]);
    if (tokenKind === TokenKind.Word) broke = true;
    tokenKind = 0;
  };
  const gap = (g: string) => {
    cjk += g;
    cjkToken.push(-1);
    cjkStart.push(-1);
    cjkEnd.push(-1);
  };
  const pushCjk = (from: number, width: number, token: number) => {
    if (broke && cjk.length > 0) gap(CJK_BREAK);
    else if (spaced && tokenKind === TokenKind.Hangul && cjk.length > 0 && classOf(cjk.charCodeAt(cjk.length - 1)) === CharClass.Hangul) gap(' ');
    broke = false;
    spaced = false;
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
    if (cls === CharClass.Word || cls === CharClass.Hangul) {
      const kind = cls === CharClass.Word ? TokenKind.Word : TokenKind.Hangul;
      if (tokenKind !== kind) {
        close(i);
        tokenKind = kind;
        tokenStart = i;
      }
      if (kind === TokenKind.Hangul) pushCjk(i, width, tokens.length);
    } else if (cls === CharClass.Han) {
      close(i);
      pushCjk(i, width, tokens.length);
      tokens.push(text.slice(i, i + width));
      kinds.push(TokenKind.Han);
      starts.push(folded.starts[i]);
      ends.push(folded.ends[i + width - 1]);
    } else {
      close(i);
      if (cls === CharClass.Separator) broke = true;
      else spaced = true;
    }
    i += width;
  }
  close(text.length);
  return { tokens, kinds, starts, ends, cjk, cjkToken, cjkStart, cjkEnd };
}

describe('tokenizeField against the fold-first reference', () => {
  // Letters, digits, punctuation, white space, and the characters folding treats specially.
  const PIECES = [
    'a', 'Z', 'q', '7', 'North', 'KOREA', 'workers', ' ', ' ', '  ', '\n', '\n\n', '\t', '.', ',', '-', "'", '"', '(', ')', '?', '!',
    'é', 'Å', 'ß', 'İ', 'ﬁ', '½', '\u00ad', '\u200b', '\u00a0', '\u2019', '\u201c', '\u02bc', 'Ｐｙ', '北', '朝鲜', '劳工', '。', '，',
    '북한', '의', '노동자', 'ё', 'Й', 'рабочих', 'КНДР', '😀', '𠀋', 'ﾊﾟ', '\u3000', '…', '€5',
  ];
  const random = (() => {
    let a = 2397;
    return () => {
      a = (a + 0x6d2b79f5) >>> 0;
      let t = Math.imul(a ^ (a >>> 15), a | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  })();

  it('gives the same tokens, kinds, offsets and CJK stream on 3,000 random texts', () => {
    for (let n = 0; n < 3000; n++) {
      let text = '';
      for (let k = Math.floor(random() * 30); k >= 0; k--) text += PIECES[Math.floor(random() * PIECES.length)];
      const t = tokenizeField(text);
      const actual = {
        tokens: [...t.tokens],
        kinds: [...t.kinds],
        starts: [...t.starts],
        ends: [...t.ends],
        cjk: t.cjk,
        cjkToken: [...t.cjkToken],
        cjkStart: [...t.cjkStart],
        cjkEnd: [...t.cjkEnd],
      };
      expect({ text, ...actual }).toEqual({ text, ...referenceTokenize(text) });
    }
  });
});
