import { ShingleHashes, shingleHashes, simhashOfHashes } from './simhash';
import { StoryKeys, minhashSignature, storyKeysOfSignature } from './story-keys';

/** What is stored of a text to find its copies and rewrites (at FINGERPRINT_VERSION). */
export interface Fingerprint {
  simhash: bigint;
  keys: StoryKeys;
  /** The shingle hashes both came from, for the story search's exact comparisons. */
  shingleHashes: ShingleHashes;
}

/** The text's SimHash and MinHash story keys, from one shingling. */
export function fingerprint(text: string): Fingerprint {
  const hashes = shingleHashes(text);
  return { simhash: simhashOfHashes(hashes), keys: storyKeysOfSignature(minhashSignature(hashes)), shingleHashes: hashes };
}
