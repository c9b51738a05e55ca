import { Prisma, PrismaService, Rule } from '@app/database';
import { Injectable, Logger } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { CompiledRuleSet, RuleDefinition, compileRules, loadRulePack } from './core';

export interface PackLoadResult {
  created: string[];
  updated: string[];
  unchanged: string[];
  /** Rules an admin has edited, which the pack no longer touches. */
  kept: string[];
}

function checksum(def: RuleDefinition): string {
  const { id, name, description, category, severity, query, threshold, enabled, tests } = def;
  return createHash('sha256').update(JSON.stringify({ id, name, description, category, severity, query, threshold, enabled, tests })).digest('hex');
}

export function toDefinition(rule: Rule): RuleDefinition {
  return {
    id: rule.id,
    name: rule.name,
    description: rule.description,
    category: rule.category as RuleDefinition['category'],
    severity: rule.severity,
    query: rule.query,
    threshold: rule.threshold,
    enabled: rule.enabled,
    version: rule.version,
    tests: rule.tests as unknown as RuleDefinition['tests'],
  };
}

@Injectable()
export class RulesService {
  private readonly logger = new Logger(RulesService.name);
  private compiledCache?: { key: string; set: CompiledRuleSet };

  constructor(private readonly prisma: PrismaService) {}

  /**
   * Loads a rule pack (config/rules by default). New rules are created; rules
   * still as the pack left them are updated to the pack's newer text as a new
   * version; rules an admin has edited are kept as they are.
   */
  async loadPack(dir: string): Promise<PackLoadResult> {
    const defs = loadRulePack(dir);
    const result: PackLoadResult = { created: [], updated: [], unchanged: [], kept: [] };
    for (const def of defs) {
      const sum = checksum(def);
      const data = {
        name: def.name,
        description: def.description ?? '',
        category: def.category,
        severity: def.severity,
        query: def.query,
        threshold: def.threshold ?? 1,
        enabled: def.enabled ?? true,
        tests: (def.tests ?? { match: [], noMatch: [] }) as unknown as Prisma.InputJsonValue,
        packChecksum: sum,
      };
      const existing = await this.prisma.rule.findUnique({ where: { id: def.id } });
      if (!existing) {
        await this.prisma.rule.create({ data: { id: def.id, ...data } });
        result.created.push(def.id);
      } else if (existing.packChecksum === null) {
        result.kept.push(def.id);
      } else if (existing.packChecksum === sum) {
        result.unchanged.push(def.id);
      } else {
        await this.prisma.rule.update({ where: { id: def.id }, data: { ...data, version: { increment: 1 } } });
        result.updated.push(def.id);
      }
    }
    this.logger.log(`rule pack ${dir}: ${result.created.length} created, ${result.updated.length} updated, ${result.unchanged.length} unchanged, ${result.kept.length} kept`);
    return result;
  }

  list(): Promise<Rule[]> {
    return this.prisma.rule.findMany({ orderBy: [{ category: 'asc' }, { id: 'asc' }] });
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
