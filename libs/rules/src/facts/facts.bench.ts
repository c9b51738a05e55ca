import { extractFacts } from './facts-extractor';

/**
 * Micro-benchmark for fact extraction: builds `mb` megabytes of article-like text
 * (mostly English news prose with numbers, names and dates, some Korean, Chinese and
 * Russian paragraphs), runs extractFacts over it article by article, and returns
 * megabytes (UTF-8) per second on one core. The text is generated from a fixed seed,
 * so runs are comparable.
 */

const FILLER = [
  'Officials in the capital declined to comment on the report when contacted on Tuesday.',
  'The company said its quarterly revenue rose by 4.2 percent compared with the same period last year.',
  'Analysts expect the central bank to keep interest rates unchanged at its next meeting.',
  'Local residents told reporters that the new road had cut travel times in half.',
  'The ministry published a statement saying the inspection had found no irregularities.',
  'Shipping traffic through the port has recovered since the storm passed over the weekend.',
  'A spokesperson for the provincial government said more details would follow next week.',
  'Prices at the market have climbed steadily, and traders blame higher transport costs.',
  'The delegation met with business leaders and toured two industrial parks on the outskirts.',
  'In a televised address, the minister promised to review the rules governing foreign firms.',
  'According to figures released on Monday, exports fell 3% in the twelve months to June.',
  'The survey of 1,200 households was carried out by an independent research institute.',
  'Some 40 percent of respondents said they were worried about the cost of living.',
  'The factory, which opened in 2009, employs staff from three neighbouring towns.',
  'Video posted online showed long queues outside the visa office early in the morning.',
  'Phone enquiries can be made on +82 2 3703 2397 during office hours, the notice said.',
];

const FACTS = [
  'Sources said about 150 North Korean workers were employed at a seafood plant in Dandong, Liaoning Province.',
  'The workers were each required to send $500 a month to the state, a source in Vladivostok said.',
  'Under UN Security Council Resolution 2397, member states had to send the workers home by Dec. 22, 2019.',
  'A construction firm in Sakhalin reportedly paid 45,000 rubles per person to the dispatching agency.',
  'Several hundred laborers entered on student visas or as industrial trainees, according to the report.',
  'The quota was raised to 2,800 yuan per month, and managers must pay it within 30 days.',
  'Hackers linked to the regime stole an estimated $620 million in cryptocurrency last year.',
  'More than 2,000 North Korean IT workers are believed to be working in China and Russia.',
  'Restaurants in Kuwait, Qatar and the UAE were asked to close by the end of the year.',
  'Tens of thousands of workers remained abroad despite resolutions 2375 and 2397.',
];

const OTHER_LANGUAGES = [
  '소식통에 따르면 단둥의 수산물 가공 공장에서 일하는 북한 노동자 약 300명이 2019년 12월 22일까지 귀국해야 했다. 이들은 월 500달러를 상납했다.',
  '据报道，约300名朝鲜工人在辽宁省丹东的工厂工作，每人每月上缴3400元。安理会第2397号决议要求在2019年12月22日前遣返。',
  'По данным источника, около 500 северокорейских рабочих на Сахалине должны были уехать до 22 декабря 2019 года согласно резолюции 2397.',
];

/** Small deterministic PRNG (mulberry32), so every run benchmarks the same text. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Articles of about 5 KB until `bytes` is reached. */
export function generateArticles(bytes: number, seed = 2397): string[] {
  const random = prng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)];
  const articles: string[] = [];
  let total = 0;
  while (total < bytes) {
    const paragraphs: string[] = [];
    let size = 0;
    while (size < 5000) {
      const sentences: string[] = [];
      for (let i = 0; i < 4; i++) {
        const r = random();
        sentences.push(r < 0.12 ? pick(FACTS) : r < 0.15 ? pick(OTHER_LANGUAGES) : pick(FILLER));
      }
      const p = sentences.join(' ');
      paragraphs.push(p);
      size += Buffer.byteLength(p);
    }
    const article = paragraphs.join('\n\n');
    articles.push(article);
    total += Buffer.byteLength(article);
  }
  return articles;
}

/** Returns throughput in MB/s (1 MB = 1,000,000 bytes of UTF-8 text). */
export function benchFacts(mb: number): number {
  const articles = generateArticles(Math.max(1, Math.round(mb * 1e6)));
  const bytes = articles.reduce((n, a) => n + Buffer.byteLength(a), 0);
  const published = new Date(Date.UTC(2020, 3, 28));
  // Warm-up so the measurement sees optimised code, not the interpreter.
  for (let i = 0; i < Math.min(articles.length, 400); i++) extractFacts(articles[i], { published });
  let sink = 0;
  const started = process.hrtime.bigint();
  for (const article of articles) sink += extractFacts(article, { published }).places.length;
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (sink < 0) throw new Error('unreachable'); // keeps the results alive
  return bytes / 1e6 / seconds;
}
