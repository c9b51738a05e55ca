import { Prisma, PrismaService, Source } from '@app/database';
import { Injectable } from '@nestjs/common';
import { z } from 'zod';
import { SourceNotFoundError, SourceValidationError } from './source.errors';
import { SourceDefinition, sourceInputSchema, sourcePatchSchema } from './source-definition';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function validate<T>(schema: z.ZodType<T>, input: unknown): T {
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw new SourceValidationError(parsed.error.issues.map((i) => `${i.path.join('.') || 'source'}: ${i.message}`));
  return parsed.data;
}

const asJson = (v: unknown) => (v === null ? Prisma.JsonNull : (v as Prisma.InputJsonValue | undefined));

@Injectable()
export class SourcesService {
  constructor(private readonly prisma: PrismaService) {}

  /**
   * Creates the sources a config file defines, keyed by `key`. An existing
   * source keeps what an admin changed since, except its URL, which follows
   * the file (the bundled sample source's address is the run's).
   */
  async loadDefinitions(defs: SourceDefinition[]): Promise<Source[]> {
    const out: Source[] = [];
    for (const def of defs) {
      const { selectors, ...rest } = def;
      out.push(await this.prisma.source.upsert({ where: { key: def.key }, create: { ...rest, selectors: asJson(selectors) }, update: { url: def.url } }));
    }
    return out;
  }

  async create(input: unknown, actor: string): Promise<Source> {
    const { selectors, ...rest } = validate(sourceInputSchema, input);
    if (rest.key && (await this.prisma.source.findUnique({ where: { key: rest.key } }))) {
      throw new SourceValidationError([`key: a source with key "${rest.key}" exists`]);
    }
    return this.prisma.$transaction(async (tx) => {
      const source = await tx.source.create({ data: { ...rest, selectors: asJson(selectors) } });
      await tx.auditEvent.create({ data: { actor, action: 'source.created', entityType: 'source', entityId: source.id, after: publicFields(source) } });
      return source;
    });
  }

  async update(id: string, patch: unknown, actor: string): Promise<Source> {
    const current = await this.get(id);
    const { selectors, ...rest } = validate(sourcePatchSchema, patch);
    const kind = rest.kind ?? current.kind;
    const nextSelectors = (selectors === undefined ? current.selectors : selectors) as { item?: string; link?: string } | null;
    if (kind === 'html' && !(nextSelectors?.item && nextSelectors.link)) {
      throw new SourceValidationError(['selectors: an html source needs selectors.item and selectors.link (CSS selectors of each entry and its link)']);
    }
    return this.prisma.$transaction(async (tx) => {
      const source = await tx.source.update({
        where: { id },
        // A re-enabled or re-pointed source is due at once, with a clean slate of validators.
        data: {
          ...rest,
          ...(selectors !== undefined ? { selectors: asJson(selectors) } : {}),
          ...(rest.url && rest.url !== current.url ? { etag: null, lastModified: null, nextPollAt: null } : {}),
          ...(rest.enabled === true && !current.enabled ? { nextPollAt: null, consecutiveFailures: 0 } : {}),
        },
      });
      await tx.auditEvent.create({
        data: { actor, action: 'source.updated', entityType: 'source', entityId: id, before: publicFields(current), after: publicFields(source) },
      });
      return source;
    });
  }

  async get(id: string): Promise<Source> {
    const source = UUID.test(id) ? await this.prisma.source.findUnique({ where: { id } }) : await this.prisma.source.findUnique({ where: { key: id } });
    if (!source) throw new SourceNotFoundError(id);
    return source;
  }

  list(): Promise<Source[]> {
    return this.prisma.source.findMany({ orderBy: { name: 'asc' } });
  }

  /**
   * Claims the enabled sources that are due, atomically: the claim moves each
   * one's next poll a lease ahead, so schedulers ticking at once in several
   * processes never hand out the same source twice. The poll itself then sets
   * the real next time (interval or backoff).
   */
  async claimDue(now: Date, leaseMinutes = 15, limit = 500): Promise<Source[]> {
    const lease = new Date(now.getTime() + leaseMinutes * 60_000);
    const ids = await this.prisma.$queryRaw<{ id: string }[]>`
      UPDATE "Source" SET "nextPollAt" = ${lease}
      WHERE id IN (
        SELECT id FROM "Source"
        WHERE enabled AND ("nextPollAt" IS NULL OR "nextPollAt" <= ${now})
        ORDER BY "nextPollAt" NULLS FIRST
        LIMIT ${limit}
        FOR UPDATE SKIP LOCKED
      )
      RETURNING id`;
    return ids.length ? this.prisma.source.findMany({ where: { id: { in: ids.map((r) => r.id) } } }) : [];
  }
}

function publicFields(s: Source): Prisma.InputJsonValue {
  const { id, key, name, url, kind, pollIntervalMinutes, language, enabled, selectors } = s;
  return { id, key, name, url, kind, pollIntervalMinutes, language, enabled, selectors } as Prisma.InputJsonValue;
}
