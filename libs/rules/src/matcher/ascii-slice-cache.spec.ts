import { AsciiSliceCache } from './ascii-slice-cache';
import { FNV_OFFSET, FNV_PRIME } from './field-tokenizer';

const fnv = (s: string) => [...s.toLowerCase()].reduce((h, c) => Math.imul(h ^ c.charCodeAt(0), FNV_PRIME), FNV_OFFSET);

describe('AsciiSliceCache', () => {
  it('finds a slice in any case without making it again, keyed by its lower-cased text', () => {
    const cache = new AsciiSliceCache<string>(100);
    const made: string[] = [];
    const make = (key: string) => (made.push(key), `value of ${key}`);
    const text = 'Workers, WORKERS and workers';
    expect(cache.get(text, 0, 7, fnv('workers'), make)).toBe('value of workers');
    expect(cache.get(text, 9, 16, fnv('workers'), make)).toBe('value of workers');
    expect(cache.get(text, 21, 28, fnv('workers'), make)).toBe('value of workers');
    expect(made).toEqual(['workers']);
  });

  it('tells colliding keys apart by their text', () => {
    const cache = new AsciiSliceCache<string>(100);
    const text = 'abc abd';
    expect(cache.get(text, 0, 3, 42, (k) => k)).toBe('abc');
    expect(cache.get(text, 4, 7, 42, (k) => k)).toBe('abd');
    expect(cache.get(text, 0, 3, 42, () => 'made again')).toBe('abc');
  });

  it('grows, and empties itself past its limit instead of growing for ever', () => {
    const cache = new AsciiSliceCache<number>(600);
    const words = Array.from({ length: 5000 }, (_, i) => `w${i}`);
    const text = words.join(' ');
    let made = 0;
    let at = 0;
    for (const w of words) {
      cache.get(text, at, at + w.length, fnv(w), () => ++made);
      at += w.length + 1;
    }
    expect(made).toBe(5000);
    // The last words are still there; the first were dropped when the table was emptied.
    const last = words[4999];
    expect(cache.get(text, text.length - last.length, text.length, fnv(last), () => -1)).toBeGreaterThan(0);
    expect(cache.get(text, 0, 2, fnv('w0'), () => -1)).toBe(-1);
  });
});
