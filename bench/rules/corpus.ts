import { Random, between, pick, prng } from '../support/prng';
import { CORPUS_LATIN_ENTITIES, CORPUS_OTHER_ENTITIES, cyrillicEntity, hanEntity, hangulEntity, latinEntity } from './entities';
import { EN_NEAR_MISS, EN_OFF_TOPIC, EN_ON_TOPIC, KO_SENTENCES, LOCAL_SLOTS, RU_SENTENCES, SLOTS, ZH_SENTENCES } from './word-lists';

export interface BenchArticle {
  title: string;
  text: string;
}

export interface CorpusMix {
  offTopic: number;
  onTopic: number;
  nearMiss: number;
  korean: number;
  chinese: number;
  russian: number;
}

/** Shares of article kinds: mostly unrelated news, as a news monitor sees it. */
export const CORPUS_MIX: CorpusMix = { offTopic: 0.7, onTopic: 0.12, nearMiss: 0.06, korean: 0.04, chinese: 0.04, russian: 0.04 };

function fill(template: string, random: Random): string {
  return template.replace(/\{(\w+)\}/g, (_, slot: string) => {
    if (slot === 'entity') return latinEntity(Math.floor(random() * CORPUS_LATIN_ENTITIES));
    if (slot === 'ko_entity') return hangulEntity(Math.floor(random() * CORPUS_OTHER_ENTITIES));
    if (slot === 'zh_entity') return hanEntity(Math.floor(random() * CORPUS_OTHER_ENTITIES));
    if (slot === 'ru_entity') return cyrillicEntity(Math.floor(random() * CORPUS_OTHER_ENTITIES));
    const list = SLOTS[slot] ?? LOCAL_SLOTS[slot];
    if (!list) throw new Error(`no word list for {${slot}}`);
    return pick(random, list);
  });
}

const capitalise = (s: string) => s[0].toUpperCase() + s.slice(1);

/** One article of 2 to 7 KB: paragraphs of 3 to 5 sentences, some of them from `special`. */
function article(random: Random, special: readonly string[], specialShare: number, separator: string): BenchArticle {
  const target = between(random, 2000, 7000);
  const paragraphs: string[] = [];
  let size = 0;
  while (size < target) {
    const sentences: string[] = [];
    for (let i = between(random, 3, 5); i > 0; i--) {
      const template = random() < specialShare ? pick(random, special) : pick(random, EN_OFF_TOPIC);
      sentences.push(capitalise(fill(template, random)));
    }
    const p = sentences.join(separator);
    paragraphs.push(p);
    size += Buffer.byteLength(p);
  }
  const first = paragraphs[0].split(/[.。]/)[0].split(' ').slice(0, 9).join(' ');
  return { title: first, text: paragraphs.join('\n\n') };
}

/** Articles until `bytes` (UTF-8, title and text) is reached; the same for a given seed. */
export function generateCorpus(bytes: number, seed = 2375, mix: CorpusMix = CORPUS_MIX): BenchArticle[] {
  const random = prng(seed);
  const articles: BenchArticle[] = [];
  let total = 0;
  const kinds: Array<[number, () => BenchArticle]> = [
    [mix.offTopic, () => article(random, EN_OFF_TOPIC, 0, ' ')],
    [mix.onTopic, () => article(random, EN_ON_TOPIC, 0.25, ' ')],
    [mix.nearMiss, () => article(random, EN_NEAR_MISS, 0.2, ' ')],
    [mix.korean, () => article(random, KO_SENTENCES, 0.9, ' ')],
    [mix.chinese, () => article(random, ZH_SENTENCES, 0.9, '')],
    [mix.russian, () => article(random, RU_SENTENCES, 0.9, ' ')],
  ];
  while (total < bytes) {
    let r = random();
    const make = kinds.find(([share]) => (r -= share) < 0)?.[1] ?? kinds[0][1];
    const a = make();
    articles.push(a);
    total += Buffer.byteLength(a.title) + Buffer.byteLength(a.text);
  }
  return articles;
}

export const corpusBytes = (articles: readonly BenchArticle[]) =>
  articles.reduce((n, a) => n + Buffer.byteLength(a.title) + Buffer.byteLength(a.text), 0);
