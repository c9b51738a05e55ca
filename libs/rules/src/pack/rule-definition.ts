import { z } from 'zod';
import type { Facts } from '../facts/facts.types';
import { CATEGORIES, RuleCategory, SEVERITIES, Severity } from '../rule-category.constants';

/** A test text given as an object; a plain string is the same as `{ text }`. */
export interface RuleTestCase {
  title?: string;
  text: string;
  /** Facts to classify with; lists left out are empty. */
  facts?: Partial<Facts>;
}
export type RuleTestInput = string | RuleTestCase;

export interface RuleTests {
  /** Texts the rule must match. */
  match: RuleTestInput[];
  /** Near misses the rule must not match. */
  noMatch: RuleTestInput[];
}

/**
 * A watch rule as admins write it (YAML pack or the rules API). Optional fields have the
 * defaults the loader fills in: threshold 1, enabled true, version 1, no tests.
 */
export interface RuleDefinition {
  id: string;
  name: string;
  description?: string;
  category: RuleCategory;
  severity: Severity;
  query: string;
  threshold?: number;
  enabled?: boolean;
  version?: number;
  tests?: RuleTests;
}

export const RULE_ID_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

const span = z.tuple([z.number().int().min(0), z.number().int().min(0)]).default([0, 0]);
const testFacts = z
  .object({
    places: z.array(z.object({ name: z.string(), country: z.string(), region: z.string().optional(), text: z.string().default(''), span })),
    amounts: z.array(z.object({ value: z.number(), currency: z.string(), per: z.string().optional(), text: z.string().default(''), span })),
    workerCounts: z.array(z.object({ value: z.number(), approximate: z.boolean().default(false), text: z.string().default(''), span })),
    resolutions: z.array(z.object({ number: z.coerce.string(), text: z.string().default(''), span })),
    visas: z.array(z.object({ type: z.enum(['student', 'trainee', 'visitor', 'tourist', 'work', 'none']), text: z.string().default(''), span })),
    dates: z.array(z.object({ iso: z.string().nullable().default(null), kind: z.enum(['date', 'deadline']), text: z.string().default(''), span })),
  })
  .partial()
  .strict();

const testInput = z.union([
  z.string().min(1, 'test text is empty'),
  z.object({ title: z.string().optional(), text: z.string(), facts: testFacts.optional() }).strict(),
]);

/**
 * Validates one rule from a pack file. Strict objects: a misspelt key ("treshold")
 * is an error, not a silently ignored setting.
 */
export const ruleDefinitionSchema = z
  .object({
    id: z.string().regex(RULE_ID_PATTERN, 'id must be a lower-case slug such as overstay-ordered-to-stay'),
    name: z.string().trim().min(1),
    description: z.string().default(''),
    category: z.enum(CATEGORIES),
    severity: z.enum(SEVERITIES),
    query: z.string().trim().min(1, 'query is empty'),
    threshold: z.number().min(0).default(1),
    enabled: z.boolean().default(true),
    version: z.number().int().min(1).default(1),
    tests: z
      .object({ match: z.array(testInput).default([]), noMatch: z.array(testInput).default([]) })
      .strict()
      .default({ match: [], noMatch: [] }),
  })
  .strict();

/** What the loader returns: every default filled in. */
export type LoadedRuleDefinition = z.output<typeof ruleDefinitionSchema>;
