import { Prisma, PrismaService, Rule, RuleVersion } from '@app/database';
import { Injectable, Logger } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { CompiledRuleSet, compileRules, loadRulePack, ruleDefinitionSchema, runRuleTests } from './core';
import { diffRuleVersions } from './editing/rule-diff';
import { RuleConflictError, RuleNotFoundError, RuleTestsFailedError, RuleValidationError } from './editing/rule-editing.errors';
import { LoadedRuleDefinition } from './pack/rule-definition';

export interface PackLoadResult {
  created: string[];
  updated: string[];
  unchanged: string[];
  /** Rules an admin has edited, which the pack no longer touches. */
  kept: string[];
}

export interface SaveOptions {
  /** Who saves: a user name, "rule-pack" or "cli". */
  actor: string;
  /** The version the editor started from; a save over a newer version is a conflict. */
  expectedVersion?: number;
  note?: string;
  /** Set by pack loads only: marks the rule as still the pack's own. */
  packChecksum?: string | null;
  /** Create only: refuse when the id exists. */
  create?: boolean;
}

export interface SaveResult {
  rule: Rule;
  /** False when the rule was already exactly so: no new version is made. */
  changed: boolean;
}

const EDITABLE = ['name', 'description', 'category', 'severity', 'query', 'threshold', 'enabled', 'tests'] as const;

function checksum(def: LoadedRuleDefinition): string {
  const picked = Object.fromEntries(EDITABLE.map((k) => [k, def[k]]));
  return createHash('sha256').update(JSON.stringify({ id: def.id, ...picked })).digest('hex');
}

export function toDefinition(rule: Rule | RuleVersion): LoadedRuleDefinition {
  return {
    id: 'ruleId' in rule ? rule.ruleId : rule.id,
    name: rule.name,
    description: rule.description,
    category: rule.category as LoadedRuleDefinition['category'],
    severity: rule.severity,
    query: rule.query,
    threshold: rule.threshold,
    enabled: rule.enabled,
    version: rule.version,
    tests: rule.tests as unknown as LoadedRuleDefinition['tests'],
  };
}

/**
 * Checks a rule as an admin sent it: the shape (zod), the query (parsed and
 * compiled, with positions), then its own test cases. Throws the named error.
 */
export function validateRule(input: unknown): LoadedRuleDefinition {
  const parsed = ruleDefinitionSchema.safeParse(input);
  if (!parsed.success) {
    throw new RuleValidationError(parsed.error.issues.map((i) => `${i.path.join('.') || 'rule'}: ${i.message}`));
  }
  const def = parsed.data as LoadedRuleDefinition;
  try {
    compileRules([{ ...def, enabled: true }]);
  } catch (e) {
    throw new RuleValidationError([`query: ${(e as Error).message.replace(/^rule [^:]+: /, '')}`]);
  }
  const failures = runRuleTests(def);
  if (failures.length) throw new RuleTestsFailedError(def.id, failures);
  return def;
}

@Injectable()
export class RulesService {
  private readonly logger = new Logger(RulesService.name);
  private compiledCache?: { key: string; set: CompiledRuleSet };

  constructor(private readonly prisma: PrismaService) {}

  /**
   * Loads a rule pack (config/rules by default) through the same versioned save
   * as an admin's edit. New rules are created; rules still as the pack left
   * them follow the pack's newer text as a new version; rules an admin has
   * edited are kept as they are.
   */
  async loadPack(dir: string): Promise<PackLoadResult> {
    const result: PackLoadResult = { created: [], updated: [], unchanged: [], kept: [] };
    for (const def of loadRulePack(dir)) {
      const sum = checksum(def);
      const existing = await this.prisma.rule.findUnique({ where: { id: def.id } });
      if (existing && existing.packChecksum === null) result.kept.push(def.id);
      else if (existing?.packChecksum === sum) result.unchanged.push(def.id);
      else {
        await this.save(def, { actor: 'rule-pack', packChecksum: sum, note: `loaded from ${dir}` });
        (existing ? result.updated : result.created).push(def.id);
      }
    }
    this.logger.log(`rule pack ${dir}: ${result.created.length} created, ${result.updated.length} updated, ${result.unchanged.length} unchanged, ${result.kept.length} kept`);
    return result;
  }

  /**
   * Saves a rule as a new version, after validation and its test cases pass.
   * Every save is a RuleVersion and an audit event; an identical save is a no-op.
   */
  async save(input: unknown, opts: SaveOptions): Promise<SaveResult> {
    const def = validateRule(input);
    const data = {
      name: def.name,
      description: def.description,
      category: def.category,
      severity: def.severity,
      query: def.query,
      threshold: def.threshold,
      enabled: def.enabled,
      tests: def.tests as unknown as Prisma.InputJsonValue,
    };
    return this.prisma.$transaction(async (tx) => {
      // Row lock: two concurrent saves of one rule serialise, and the second sees the first's version.
      await tx.$queryRaw`SELECT 1 FROM "Rule" WHERE id = ${def.id} FOR UPDATE`;
      const current = await tx.rule.findUnique({ where: { id: def.id } });
      if (current && opts.create) throw new RuleConflictError(`rule ${def.id} already exists`);
      if (current && opts.expectedVersion !== undefined && current.version !== opts.expectedVersion) {
        throw new RuleConflictError(`rule ${def.id} is at version ${current.version}, not ${opts.expectedVersion}: reload it and apply your change again`);
      }
      if (!current && opts.expectedVersion !== undefined && opts.expectedVersion !== 0) throw new RuleNotFoundError(def.id);
      const packChecksum = opts.packChecksum === undefined ? null : opts.packChecksum;
      if (current && EDITABLE.every((k) => canonicalJson((current as Record<string, unknown>)[k]) === canonicalJson((data as Record<string, unknown>)[k]))) {
        if (current.packChecksum !== packChecksum && packChecksum !== null) {
          await tx.rule.update({ where: { id: def.id }, data: { packChecksum } });
        }
        return { rule: current, changed: false };
      }
      const version = (current?.version ?? 0) + 1;
      const rule = current
        ? await tx.rule.update({ where: { id: def.id }, data: { ...data, version, packChecksum } })
        : await tx.rule.create({ data: { id: def.id, ...data, version, packChecksum } });
      await tx.ruleVersion.create({ data: { ruleId: def.id, version, ...data, createdBy: opts.actor, note: opts.note } });
      await tx.auditEvent.create({
        data: {
          actor: opts.actor,
          action: current ? 'rule.updated' : 'rule.created',
          entityType: 'rule',
          entityId: def.id,
          before: current ? (snapshot(current) as Prisma.InputJsonValue) : undefined,
          after: snapshot(rule) as Prisma.InputJsonValue,
          note: opts.note,
        },
      });
      return { rule, changed: true };
    });
  }

  list(): Promise<Rule[]> {
    return this.prisma.rule.findMany({ orderBy: [{ category: 'asc' }, { id: 'asc' }] });
  }

  async get(id: string): Promise<Rule> {
    const rule = await this.prisma.rule.findUnique({ where: { id } });
    if (!rule) throw new RuleNotFoundError(id);
    return rule;
  }

  async history(id: string): Promise<RuleVersion[]> {
    await this.get(id);
    return this.prisma.ruleVersion.findMany({ where: { ruleId: id }, orderBy: { version: 'desc' } });
  }

  async version(id: string, version: number): Promise<RuleVersion> {
    const v = await this.prisma.ruleVersion.findUnique({ where: { ruleId_version: { ruleId: id, version } } });
    if (!v) throw new RuleNotFoundError(id, version);
    return v;
  }

  async diff(id: string, from: number, to: number): Promise<string> {
    const [a, b] = await Promise.all([this.version(id, from), this.version(id, to)]);
    return diffRuleVersions(id, a, b);
  }

  /** Makes an old version current again, as a new version (history is never rewritten). */
  async rollback(id: string, toVersion: number, actor: string, expectedVersion?: number): Promise<SaveResult> {
    const old = await this.version(id, toVersion);
    const def = toDefinition(old);
    return this.save({ ...def, version: undefined }, { actor, expectedVersion, note: `rollback to version ${toVersion}` });
  }

  /** Rules stay (their matches and versions refer to them); disabling takes one out of classification. */
  async setEnabled(id: string, enabled: boolean, actor: string): Promise<SaveResult> {
    const rule = await this.get(id);
    return this.save({ ...toDefinition(rule), version: undefined, enabled }, { actor, note: enabled ? 'enabled' : 'disabled' });
  }

  /** All enabled rules compiled together; recompiled only when a rule changed. */
  async compiled(): Promise<CompiledRuleSet> {
    const rules = await this.prisma.rule.findMany({ where: { enabled: true }, orderBy: { id: 'asc' } });
    const key = rules.map((r) => `${r.id}@${r.version}:${r.updatedAt.getTime()}`).join('|');
    if (this.compiledCache?.key !== key) {
      this.compiledCache = { key, set: compileRules(rules.map(toDefinition)) };
    }
    return this.compiledCache.set;
  }
}

/** JSON with sorted keys: PostgreSQL's jsonb reorders keys, so plain JSON.stringify would see changes that are not there. */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b))) : v,
  );
}

function snapshot(rule: Rule): Record<string, unknown> {
  const { id, version, name, description, category, severity, query, threshold, enabled, tests } = rule;
  return { id, version, name, description, category, severity, query, threshold, enabled, tests };
}

