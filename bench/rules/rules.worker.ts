import { CompiledRuleSet, RuleDefinition, compileRules, loadRulePack } from '../../libs/rules/src/core';
import { extractFacts } from '../../libs/rules/src/facts';
import { benchFacts } from '../../libs/rules/src/facts/facts.bench';
import type { Facts } from '../../libs/rules/src/facts/facts.types';
import { tokenizeField } from '../../libs/rules/src/matcher/field-tokenizer';
import { HeapWatch, Timing, collectGarbage, peakRssBytes, time, timeMs } from '../support/measure';
import { BenchArticle, corpusBytes, generateCorpus } from './corpus';
import { generateRules } from './generated-rules';
import { NaiveMatcher } from './naive-matcher';

/**
 * One measurement of the rules case, in its own process (see support/child-run.ts).
 * Prints one JSON line: WorkerResult.
 */
export type WorkerInput =
  | { kind: 'pack'; dir: string; mb: number; passes: number }
  | { kind: 'generated'; rules: number; topicRulesThroughout: boolean; mb: number; passes: number }
  | { kind: 'naive'; rules: number; mb: number }
  | { kind: 'facts-bench'; mb: number };

export interface WorkerResult {
  articles: number;
  bytes: number;
  rules: number;
  terms: number;
  compileMs: number;
  /** Heap retained by the compiled rule set (after GC), bytes. */
  rulesHeap: number;
  /** Facts + classification, one timed pass over the corpus per entry. */
  passes: Timing[];
  /** Classification with empty facts. */
  matcherOnly: Timing[];
  /** Tokenising title and text only (the part of matching that does not depend on the rules). */
  tokenizeOnly: Timing[];
  factsOnly: Timing[];
  matchesPerArticle: number;
  candidatesPerArticle: number;
  peakHeap: number;
  peakRss: number;
  /** facts-bench only: MB/s as benchFacts reports it. */
  factsMBps?: number;
}

const PUBLISHED = new Date(Date.UTC(2024, 0, 15));
const NO_FACTS: Facts = { places: [], amounts: [], workerCounts: [], resolutions: [], visas: [], dates: [] };
const factsOf = (a: BenchArticle) => extractFacts(`${a.title}\n\n${a.text}`, { published: PUBLISHED });

function measureRuleSet(rulesOf: () => RuleDefinition[], mb: number, passes: number): WorkerResult {
  const corpus = generateCorpus(mb * 1e6);
  const bytes = corpusBytes(corpus);
  const heap = new HeapWatch();
  const defs = rulesOf();
  collectGarbage();
  const before = process.memoryUsage().heapUsed;
  let set!: CompiledRuleSet;
  const compileMs = timeMs(() => (set = compileRules(defs)));
  collectGarbage();
  const rulesHeap = process.memoryUsage().heapUsed - before;

  // Warm-up, so timings see optimised code; also counts what the rules do.
  let matches = 0;
  let candidates = 0;
  for (const a of corpus) {
    matches += set.classify(a, factsOf(a)).length;
    candidates += set.candidateRuleIds(a).length;
  }
  let sink = 0;
  const pass = () =>
    time(() => {
      for (let i = 0; i < corpus.length; i++) {
        const a = corpus[i];
        sink += set.classify(a, factsOf(a)).length;
        if (i % 64 === 0) heap.sample();
      }
    });
  const timings = Array.from({ length: passes }, pass);
  const matcherOnly = Array.from({ length: passes }, () => time(() => corpus.forEach((a) => (sink += set.classify(a, NO_FACTS).length))));
  const factsOnly = Array.from({ length: passes }, () => time(() => corpus.forEach((a) => (sink += factsOf(a).places.length))));
  const tokenizeOnly = Array.from({ length: passes }, () =>
    time(() => corpus.forEach((a) => (sink += tokenizeField(a.title).count + tokenizeField(a.text).count))),
  );
  heap.sample();
  if (sink < 0) throw new Error('unreachable'); // keeps the results alive
  return {
    articles: corpus.length,
    bytes,
    rules: set.size,
    terms: set.termCount,
    compileMs,
    rulesHeap,
    passes: timings,
    matcherOnly,
    tokenizeOnly,
    factsOnly,
    matchesPerArticle: matches / corpus.length,
    candidatesPerArticle: candidates / corpus.length,
    peakHeap: heap.peak,
    peakRss: peakRssBytes(),
  };
}

/** The regex baseline is slow: it runs on the first `mb` of the same corpus, facts included. */
function measureNaive(rules: number, mb: number): WorkerResult {
  const corpus = generateCorpus(mb * 1e6);
  const bytes = corpusBytes(corpus);
  const heap = new HeapWatch();
  let naive!: NaiveMatcher;
  const defs = generateRules(rules);
  collectGarbage();
  const before = process.memoryUsage().heapUsed;
  const compileMs = timeMs(() => (naive = new NaiveMatcher(defs)));
  collectGarbage();
  const rulesHeap = process.memoryUsage().heapUsed - before;
  for (const a of corpus.slice(0, 20)) naive.classify(a);
  let matches = 0;
  const passes = [
    time(() => {
      for (let i = 0; i < corpus.length; i++) {
        factsOf(corpus[i]);
        matches += naive.classify(corpus[i]).length;
        if (i % 16 === 0) heap.sample();
      }
    }),
  ];
  const matcherOnly = [time(() => corpus.forEach((a) => naive.classify(a)))];
  return {
    articles: corpus.length,
    bytes,
    rules,
    terms: naive.regExpCount,
    compileMs,
    rulesHeap,
    passes,
    matcherOnly,
    tokenizeOnly: [],
    factsOnly: [],
    matchesPerArticle: matches / corpus.length,
    candidatesPerArticle: rules,
    peakHeap: heap.peak,
    peakRss: peakRssBytes(),
  };
}

function main(input: WorkerInput): WorkerResult {
  switch (input.kind) {
    case 'pack':
      return measureRuleSet(() => loadRulePack(input.dir), input.mb, input.passes);
    case 'generated':
      return measureRuleSet(() => generateRules(input.rules, { topicRulesThroughout: input.topicRulesThroughout }), input.mb, input.passes);
    case 'naive':
      return measureNaive(input.rules, input.mb);
    case 'facts-bench': {
      const factsMBps = benchFacts(input.mb);
      const r = { articles: 0, bytes: input.mb * 1e6, rules: 0, terms: 0, compileMs: 0, rulesHeap: 0, passes: [], matcherOnly: [], tokenizeOnly: [], factsOnly: [] };
      return { ...r, matchesPerArticle: 0, candidatesPerArticle: 0, peakHeap: process.memoryUsage().heapUsed, peakRss: peakRssBytes(), factsMBps };
    }
  }
}

process.stdout.write(`${JSON.stringify(main(JSON.parse(process.argv[2]) as WorkerInput))}\n`);
