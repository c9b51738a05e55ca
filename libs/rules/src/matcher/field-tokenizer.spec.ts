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
