import type { RuleDefinition } from '../../libs/rules/src/core';
import { CATEGORIES, SEVERITIES } from '../../libs/rules/src/core';
import { Random, pick, prng } from '../support/prng';
import { RULE_LATIN_ENTITIES, RULE_OTHER_ENTITIES, cyrillicEntity, hanEntity, hangulEntity, latinEntity } from './entities';

/**
 * Rules shaped like a large watch list: most watch a named company, person or place (in
 * one of four scripts) in some context; one in ten of the first 1,000 is a topic rule
 * built from the domain's wording (cues such as "deported", "loyalty money" near worker
 * words), like a hand-written pack. They use every part of the language the matcher has
 * to handle: phrases, wildcards, NEAR/ONEAR (with local negation), NOT, title:, ^weights,
 * CJK and Cyrillic. Rule i is the same whatever the count, so the 100-rule set is part
 * of the 10,000 one.
 *
 * A topic rule fires on about one on-topic article in ten; a watch-list rule almost never.
 * `topicRulesThroughout` keeps making topic rules past the first 1,000 (a stress case:
 * 1,000 of 10,000 rules then fire on the same articles).
 */
const DPRK = '("north korea*" OR dprk OR pyongyang)';
const WORKERS = ['workers', 'labourers', 'laborer*', 'crews', 'seamstresses', 'loggers', 'builders', 'waitress*', 'employees'];
const CUES = ['deported', 'expelled', 'repatriat*', '"sent home"', '"loyalty money"', 'quota*', '"student visas"', 'trainee*', 'overstay*', '"to stay"', 'remitt*', 'wages', 'contracts', '"fake identities"', 'hackers', 'cryptocurrency'];
const VESSELS = ['ship*', 'vessel', 'cargo', 'tanker', 'freighter'];
const COMPANY = ['company', 'firm', 'trading', '"co ltd"', 'corporation', 'group'];

const any = (random: Random, xs: readonly string[], n: number) => {
  const picked = new Set<string>();
  while (picked.size < n) picked.add(pick(random, xs));
  return `(${[...picked].join(' OR ')})`;
};

function latinRule(i: number, random: Random): string {
  const e = () => latinEntity(Math.floor(random() * RULE_LATIN_ENTITIES));
  switch (i % 6) {
    case 0:
      return `${DPRK}^0 AND (${e()} OR "${e()} trading") AND (${any(random, WORKERS, 3)} NEAR/10 ${any(random, CUES, 3)})`;
    case 1:
      return `title:${e()} OR (${e()}* AND (sanction* OR resolution* OR embargo)^0 AND NOT "${e()} bank")`;
    case 2:
      return `"${e()} ${e()}" ONEAR/5 ${any(random, VESSELS, 2)} AND NOT ${e()}`;
    case 3:
      return `(${e()} NEAR/3 ${any(random, COMPANY, 2)}) AND ${any(random, WORKERS, 2)}^0`;
    case 4:
      return `${e()} AND (${pick(random, CUES)} OR ${pick(random, CUES)})^2`;
    default:
      return `(${e()} OR ${e()}) ONEAR/6 NOT (denied OR rejected) AND ${DPRK}^0`;
  }
}

function topicRule(random: Random): string {
  return `${DPRK}^0 AND (${any(random, CUES, 2)} NEAR/8 ${any(random, WORKERS, 2)}) AND NOT (${pick(random, ['missile', 'rally', 'olympics', 'students'])})`;
}

export interface GeneratedRulesOptions {
  topicRulesThroughout?: boolean;
  seed?: number;
}

export function generateRules(count: number, { topicRulesThroughout = false, seed = 2397 }: GeneratedRulesOptions = {}): RuleDefinition[] {
  const rules: RuleDefinition[] = [];
  for (let i = 0; i < count; i++) {
    const random = prng(seed + i * 7);
    const other = () => Math.floor(random() * RULE_OTHER_ENTITIES);
    let query: string;
    switch (i % 20) {
      case 12:
      case 13:
        query = `(북한 OR ${hangulEntity(other())})^0 AND ${hangulEntity(other())} AND (노동자 NEAR/3 (송환 OR 파견 OR 비자))`;
        break;
      case 14:
      case 15:
        query = `${hanEntity(other())} AND (朝鲜 OR 北韩)^0 AND (劳工 NEAR/6 (遣返 OR 派遣 OR 合同))`;
        break;
      case 16:
      case 17:
        query = `${cyrillicEntity(other()).toLowerCase()}* AND (кндр OR северокорейск*)^0 AND (рабоч* NEAR/5 (выслал* OR депортир* OR продолжа*))`;
        break;
      case 18:
      case 19:
        query = i < 1000 || topicRulesThroughout ? topicRule(random) : latinRule(i, random);
        break;
      default:
        query = latinRule(i, random);
    }
    rules.push({
      id: `gen-${i}`,
      name: `generated rule ${i}`,
      category: CATEGORIES[i % CATEGORIES.length],
      severity: SEVERITIES[i % SEVERITIES.length],
      query,
    });
  }
  return rules;
}
