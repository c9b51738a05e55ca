export { fingerprint } from './fingerprint';
export type { Fingerprint } from './fingerprint';
export { CJK_SHINGLE_SIZE, WORD_SHINGLE_SIZE, shingleContainment, shingleJaccard, shingles } from './shingles';
export { FINGERPRINT_VERSION, hammingDistance, shingleHashes, simhash64, simhashOfHashes } from './simhash';
export type { ShingleHashes } from './simhash';
export {
  LOOSE_ROWS,
  MINHASHES,
  STRICT_ROWS,
  estimatedJaccard,
  matchProbability,
  minhashSignature,
  storedStoryKeys,
  storyKeys,
  storyKeysOfSignature,
} from './story-keys';
export type { StoryKeys } from './story-keys';
export {
  MIN_SHINGLES,
  SAME_STORY_CONTAINMENT,
  SAME_STORY_JACCARD,
  SAME_STORY_TITLE,
  SIMHASH_CANDIDATE_DISTANCE,
  SIMHASH_NEAR_DUPLICATE_DISTANCE,
  STORY_WINDOW_DAYS,
  isSameStory,
  sharedRun,
} from './story-matcher';
export type { StoryCandidate, StoryDecision } from './story-matcher';
export { titleSimilarity } from './title-similarity';
