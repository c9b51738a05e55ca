import { fnv1a64, hash64 } from './hash64';
import { CJK_SHINGLE_SIZE, shingleContainment, shingleJaccard, shingles } from './shingles';
import { hammingDistance, simhash64, simhashOfShingles } from './simhash';
import { vladivostokOriginal } from './__fixtures__/stories';

const MASK64 = (1n << 64n) - 1n;

/** The same hash in plain BigInt arithmetic: slow, obviously right. */
function referenceHash(text: string): bigint {
  let h = 0xcbf29ce484222325n;
  for (const byte of Buffer.from(text, 'utf8')) h = ((h ^ BigInt(byte)) * 0x100000001b3n) & MASK64;
  h ^= h >> 33n;
  h = (h * 0xff51afd7ed558ccdn) & MASK64;
  h ^= h >> 33n;
  h = (h * 0xc4ceb9fe1a85ec53n) & MASK64;
  return h ^ (h >> 33n);
}

describe('hash64', () => {
  it('is FNV-1a 64 underneath (published test vectors)', () => {
    expect(fnv1a64('')).toBe(0xcbf29ce484222325n);
    expect(fnv1a64('a')).toBe(0xaf63dc4c8601ec8cn);
    expect(fnv1a64('foobar')).toBe(0x85944171f73967e8n);
  });

  it.each(['', 'a', 'north korean workers', '북한 노동자', '朝鲜工人', 'рабочие из КНДР', 'emoji 🚢 and \u{20000}', 'x'.repeat(1000)])(
    'matches a BigInt reference implementation for %j',
    (text) => expect(hash64(text)).toBe(referenceHash(text)),
  );

  it('spreads similar shingles over all bits', () => {
    // Each output bit should be set for about half of a run of near-identical inputs.
    const ones = new Array<number>(64).fill(0);
    const n = 4000;
    for (let i = 0; i < n; i++) {
      const h = hash64(`worker ${i} arrived`);
      for (let bit = 0; bit < 64; bit++) if ((h >> BigInt(bit)) & 1n) ones[bit]!++;
    }
    for (const count of ones) expect(Math.abs(count / n - 0.5)).toBeLessThan(0.04);
  });
});

describe('shingles', () => {
  it('ignores case, punctuation and spacing', () => {
    expect(shingles('North Korean  workers, in RUSSIA!')).toEqual(shingles('north korean workers in russia'));
    expect([...shingles('North Korean workers in Russia')]).toEqual(['north korean workers', 'korean workers in', 'workers in russia']);
  });

  it('keeps numbers whole', () => {
    expect([...shingles('paid 1,500 dollars')]).toEqual(['paid 1500 dollars']);
  });

  it('shingles CJK runs by characters, whatever the spacing', () => {
    expect(CJK_SHINGLE_SIZE).toBe(3);
    expect(shingles('북한 노동자')).toEqual(shingles('북한노동자'));
    expect([...shingles('朝鲜工人')]).toEqual(['朝鲜工', '鲜工人']);
    // A Latin word inside Korean text is its own run.
    expect([...shingles('유엔 UN 제재')]).toEqual(['유엔', 'un', '제재']);
  });

  it('measures resemblance', () => {
    expect(shingleJaccard('a b c d', 'a b c d')).toBe(1);
    expect(shingleJaccard('a b c d', 'w x y z')).toBe(0);
    expect(shingleJaccard('', 'a b c')).toBe(0);
    expect(shingleJaccard('a b c d e', 'a b c d f')).toBeCloseTo(2 / 4);
    expect(shingleContainment('a b c d', 'x y a b c d e f')).toBe(1);
  });
});

describe('simhash64', () => {
  it('is a signed 64-bit value, as PostgreSQL BIGINT stores it', () => {
    for (const text of ['one two three four', vladivostokOriginal.text, '북한 노동자 200여 명이 도착했다']) {
      const h = simhash64(text);
      expect(h).toBe(BigInt.asIntN(64, h));
    }
  });

  it('does not change: stored hashes depend on it', () => {
    // If this fails, shingling or hashing changed: every Article.simhash must be recomputed.
    expect(simhash64('North Korean workers arrived in Vladivostok in early March to build apartments.')).toBe(2671866913118872109n);
  });

  it('hashes the shingles as shingles() spells them', () => {
    for (const text of [vladivostokOriginal.text, '북한 노동자 200여 명이 블라디보스토크에 도착했다', '朝鲜工人 UN 制裁', 'one two']) {
      expect(simhash64(text)).toBe(simhashOfShingles(shingles(text)));
    }
  });

  it('hashes the empty text to 0 and identical texts alike', () => {
    expect(simhash64('')).toBe(0n);
    expect(simhash64('!!! ...')).toBe(0n);
    expect(simhash64(vladivostokOriginal.text)).toBe(simhash64(vladivostokOriginal.text.toUpperCase()));
  });

  it('moves a few bits for a small edit', () => {
    const edited = vladivostokOriginal.text.replace('two hundred', 'three hundred');
    expect(hammingDistance(simhash64(vladivostokOriginal.text), simhash64(edited))).toBeLessThanOrEqual(6);
  });

  it('hashes a text of over a megabyte, and a copy of it to the same value', () => {
    // Speed is the ingestion benchmark's to measure (npm run bench -- ingest), not a test's.
    const text = Array.from({ length: 20000 }, (_, i) => `worker ${i} was sent to site ${i % 97} in the port city`).join('. ');
    expect(text.length).toBeGreaterThan(1e6);
    const h = simhash64(text);
    expect(h).not.toBe(0n);
    expect(simhash64(`${text}`.slice(0))).toBe(h);
  });
});

describe('hammingDistance', () => {
  it.each([
    [0n, 0n, 0],
    [1n, 0n, 1],
    [-1n, 0n, 64],
    [BigInt.asIntN(64, 1n << 63n), 0n, 1],
    [0x0f0f0f0f0f0f0f0fn, -0x0f0f0f0f0f0f0f10n, 64],
    [12345n, 12345n, 0],
  ])('%s vs %s: %s bits', (a, b, bits) => expect(hammingDistance(a, b)).toBe(bits));

  it('is the same for the signed and unsigned spelling of a value', () => {
    const unsigned = 0xfedcba9876543210n;
    expect(hammingDistance(unsigned, 0n)).toBe(hammingDistance(BigInt.asIntN(64, unsigned), 0n));
  });
});
