import { parseQuery } from '../query/query-parser';
import { requiredTermsQuery, searchDocument } from './search-prefilter';

const q = (query: string) => requiredTermsQuery(parseQuery(query));

describe('backtest prefilter', () => {
  it('requires the words of terms, phrases and wildcards, as prefixes', () => {
    expect(q('sakhalin')).toBe('sakhalin:*');
    expect(q('"North Korean workers"')).toBe('north:* & korean:* & workers:*');
    expect(q('remitt*')).toBe('remitt:*');
    expect(q('Pyöngyang')).toBe('pyongyang:*');
  });

  it('needs both sides of AND and NEAR, one branch of OR', () => {
    expect(q('dprk AND (quota OR "loyalty money")')).toBe('(dprk:*) & ((quota:*) | (loyalty:* & money:*))');
    expect(q('workers NEAR/5 overstay*')).toBe('(workers:*) & (overstay:*)');
    expect(q('title:(dprk ONEAR/3 workers)')).toBe('(dprk:*) & (workers:*)');
  });

  it('requires nothing it cannot see: NOT, facts, CJK and Hangul, or an OR with such a branch', () => {
    expect(q('dprk AND NOT missile')).toBe('(dprk:*)');
    expect(q('dprk AND has:amount')).toBe('(dprk:*)');
    expect(q('朝鲜 AND 劳工')).toBeNull();
    expect(q('dprk OR 북한')).toBeNull();
    expect(q('(dprk OR 북한) AND workers')).toBe('(workers:*)');
    expect(q('(north korea*)^0 AND quota*')).toBe('((north:*) & (korea:*)) & (quota:*)');
  });

  it('indexes folded words only', () => {
    expect(searchDocument('Pyöngyang’s “quota”', 'U.N. workers — 3,400 yuan; e-mail: a@b.org')).toBe('pyongyang s quota u n workers 3 400 yuan e mail a b org');
    expect(searchDocument('x', 'y'.repeat(400_000))).toBeNull();
  });
});
