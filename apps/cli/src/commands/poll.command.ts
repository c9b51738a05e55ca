import { AppConfig } from '@app/config';
import { DatabaseModule, checkPostgres } from '@app/database';
import { ConfigModule } from '@app/config';
import { IngestModule, IngestService, PollResult, SourcesService } from '@app/ingest';
import { checkRedis } from '@app/queue';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Command, CommandRunner, Option } from 'nest-commander';

@Module({})
class PollContextModule {}

@Command({
  name: 'poll',
  description: 'Poll sources now, in this process, and print what each gave (new, duplicate, failed with reason); new articles are queued for classification by the worker',
})
export class PollCommand extends CommandRunner {
  constructor(private readonly config: AppConfig) {
    super();
  }

  async run(_: string[], opts: { once?: boolean; source?: string; json?: boolean }): Promise<void> {
    if (!opts.once) {
      process.stdout.write('Polling on a schedule is the worker\'s job (`npm run start:worker`); use `poll --once` to poll now.\n');
      return;
    }
    await checkPostgres(this.config.databaseUrl);
    await checkRedis(this.config.redisUrl);
    const app = await NestFactory.createApplicationContext(
      { module: PollContextModule, imports: [ConfigModule.forRoot(this.config), DatabaseModule, IngestModule] },
      { logger: ['error'] },
    );
    try {
      const sources = app.get(SourcesService);
      const targets = opts.source ? [await sources.get(opts.source)] : (await sources.list()).filter((s) => s.enabled);
      if (!targets.length) process.stdout.write('No enabled sources to poll.\n');
      const ingest = app.get(IngestService);
      for (const s of targets) {
        const r: PollResult = await ingest.pollSource(s.id);
        if (opts.json) process.stdout.write(`${JSON.stringify(r)}\n`);
        else {
          process.stdout.write(`${r.sourceName}: ${r.error ? `FAILED: ${r.error}` : `${r.items} items, ${r.newArticleIds.length} new, ${r.updatedArticleIds.length} updated, ${r.duplicates} duplicate, ${r.failed.length} failed`}\n`);
          for (const f of r.failed) process.stdout.write(`  failed ${f.url}: ${f.reason}\n`);
        }
      }
    } finally {
      await app.close();
    }
  }

  @Option({ flags: '--once', description: 'poll once now (required)' })
  parseOnce(): boolean {
    return true;
  }
  @Option({ flags: '--source <id-or-key>', description: 'only this source (even if paused)' })
  parseSource(v: string): string {
    return v;
  }
  @Option({ flags: '--json', description: 'one JSON result per source' })
  parseJson(): boolean {
    return true;
  }
}
