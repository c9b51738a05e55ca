import { PrismaService, Source } from '@app/database';
import { Injectable } from '@nestjs/common';
import { SourceDefinition } from './source-definition';

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
      out.push(
        await this.prisma.source.upsert({
          where: { key: def.key },
          create: { ...def, selectors: def.selectors ?? undefined },
          update: { url: def.url },
        }),
      );
    }
    return out;
  }

  list(): Promise<Source[]> {
    return this.prisma.source.findMany({ orderBy: { name: 'asc' } });
  }

  /** Enabled sources whose interval has passed since their last attempt. */
  async due(now: Date): Promise<Source[]> {
    const sources = await this.prisma.source.findMany({ where: { enabled: true } });
    return sources.filter((s) => !s.lastAttemptAt || s.lastAttemptAt.getTime() + s.pollIntervalMinutes * 60_000 <= now.getTime());
  }
}
