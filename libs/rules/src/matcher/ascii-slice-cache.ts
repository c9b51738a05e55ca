/**
 * A memo keyed by lower-cased ASCII slices of a text, looked up without making the slice:
 * the tokenizer hashes each plain ASCII word as it scans it, and the comparison reads the
 * text in place. English articles are mostly such words, and making, lower-casing and
 * hashing one string per word was the largest cost of matching.
 *
 * Open addressing with linear probing. The table starts small and doubles up to room for
 * `limit` keys; past that it is emptied, so a stream of unique tokens (numbers, ids)
 * cannot grow it for ever.
 */
export class AsciiSliceCache<V> {
  private keys: Array<string | undefined> = [];
  private values: Array<V | undefined> = [];
  private hashes = new Int32Array(0);
  private mask = -1;
  private size = 0;
  private readonly maxCapacity: number;

  constructor(limit: number) {
    let capacity = MIN_CAPACITY;
    while (capacity < limit * 2) capacity *= 2;
    this.maxCapacity = capacity;
  }

  clear(): void {
    if (this.size === 0) return;
    this.allocate(MIN_CAPACITY);
  }

  /**
   * The value for text[start, end) lower-cased (ASCII only), computed by `make` on a miss.
   * `hash` is FNV-1a of that key (the tokenizer computes it while scanning the word).
   */
  get(text: string, start: number, end: number, hash: number, make: (key: string) => V): V {
    if (this.mask < 0) this.allocate(MIN_CAPACITY);
    const length = end - start;
    const keys = this.keys;
    let slot = hash & this.mask;
    for (let key = keys[slot]; key !== undefined; key = keys[slot]) {
      if (this.hashes[slot] === hash && key.length === length && sameLowerCase(key, text, start)) return this.values[slot]!;
      slot = (slot + 1) & this.mask;
    }
    const key = text.slice(start, end).toLowerCase();
    const value = make(key);
    if ((this.size + 1) * 2 > this.mask + 1) {
      const capacity = this.mask + 1;
      if (capacity < this.maxCapacity) this.rehash(capacity * 2);
      else this.allocate(MIN_CAPACITY);
      slot = this.freeSlot(hash);
    }
    this.put(slot, key, hash, value);
    return value;
  }

  private put(slot: number, key: string, hash: number, value: V): void {
    this.keys[slot] = key;
    this.hashes[slot] = hash;
    this.values[slot] = value;
    this.size++;
  }

  private freeSlot(hash: number): number {
    let slot = hash & this.mask;
    while (this.keys[slot] !== undefined) slot = (slot + 1) & this.mask;
    return slot;
  }

  private allocate(capacity: number): void {
    // Filled, not just sized: V8 keeps a large `new Array(n)` in slow dictionary mode.
    this.keys = new Array<string | undefined>(capacity).fill(undefined);
    this.values = new Array<V | undefined>(capacity).fill(undefined);
    this.hashes = new Int32Array(capacity);
    this.mask = capacity - 1;
    this.size = 0;
  }

  private rehash(capacity: number): void {
    const { keys, values, hashes } = this;
    this.allocate(capacity);
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i];
      if (key !== undefined) this.put(this.freeSlot(hashes[i]), key, hashes[i], values[i]!);
    }
  }
}

const MIN_CAPACITY = 1024;

function sameLowerCase(key: string, text: string, start: number): boolean {
  for (let i = 0; i < key.length; i++) {
    let c = text.charCodeAt(start + i);
    if (c >= 65 && c <= 90) c += 32;
    if (c !== key.charCodeAt(i)) return false;
  }
  return true;
}
