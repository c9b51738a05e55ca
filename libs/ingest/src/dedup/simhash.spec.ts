import { CJK_SHINGLE_SIZE, shingleContainment, shingleJaccard, shingles } from './shingles';
import { FINGERPRINT_VERSION, hammingDistance, shingleHashes, simhash64 } from './simhash';
import { vladivostokOriginal } from './__fixtures__/stories';

describe('shingleHashes', () => {
  const texts = [
    vladivostokOriginal.text,
    '북한 노동자 200여 명이 블라디보스토크에 도착했다',
    '朝鲜工人 UN 制裁',
    'one two',
    'paid 1,500 dollars and 3.5 won',
    'emoji 🚢 and \u{20000}\u{20001}\u{20002} then words',
    '',
  ];

  it.each(texts)('hashes each distinct shingle shingles() spells once: %j', (text) => {
    expect(shingleHashes(text).count).toBe(shingles(text).size);
  });

  it('hashes a shingle alike wherever it stands, and its words in order', () => {
    const one = shingleHashes('north korean workers');
    const again = shingleHashes('North Korean workers!');
    const reordered = shingleHashes('korean north workers');
    expect([one.hi[0], one.lo[0]]).toEqual([again.hi[0], again.lo[0]]);
    expect([one.hi[0], one.lo[0]]).not.toEqual([reordered.hi[0], reordered.lo[0]]);
    // A word shingle and a CJK one of the same characters are different shingles.
    expect(shingleHashes('a b c').hi[0]).not.toBe(shingleHashes('abc').hi[0]);
  });

  it('gives a text the same hashes whatever was hashed before it (its buffers are reused)', () => {
    const copy = (h: ReturnType<typeof shingleHashes>) => ({ hi: [...h.hi.subarray(0, h.count)], lo: [...h.lo.subarray(0, h.count)] });
    const long = `${vladivostokOriginal.text} 朝鲜工人 ${'word '.repeat(20000)}`;
    const first = texts.map((t) => copy(shingleHashes(t)));
    shingleHashes(long);
    expect(texts.map((t) => copy(shingleHashes(t)))).toEqual(first);
    expect(copy(shingleHashes('북한 노동자'))).toEqual(copy(shingleHashes('북한노동자')));
  });

  it('spreads similar shingles over all 64 bits', () => {
    // Each bit should be set for about half of a run of near-identical shingles.
    const ones = new Array<number>(64).fill(0);
    const n = 4000;
    for (let i = 0; i < n; i++) {
      const h = shingleHashes(`worker ${i} arrived`);
      for (let bit = 0; bit < 32; bit++) {
        ones[bit]! += (h.lo[0]! >>> bit) & 1;
        ones[bit + 32]! += (h.hi[0]! >>> bit) & 1;
      }
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

  it('does not change within a fingerprint version: stored hashes depend on it', () => {
    // If this fails, shingling or hashing changed: bump FINGERPRINT_VERSION, so that stored articles are fingerprinted again.
    expect(FINGERPRINT_VERSION).toBe(2);
    expect(simhash64('North Korean workers arrived in Vladivostok in early March to build apartments.')).toBe(31788259852386680n);
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
