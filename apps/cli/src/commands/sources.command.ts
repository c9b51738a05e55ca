import { PrismaService } from '@app/database';
import { Command, CommandRunner, Option, SubCommand } from 'nest-commander';

@SubCommand({ name: 'list', description: 'List sources with their health (last success, failures, items seen, last error)' })
export class SourcesListCommand extends CommandRunner {
  constructor(private readonly prisma: PrismaService) {
    super();
  }

  async run(_: string[], opts: { json?: boolean }): Promise<void> {
    const sources = await this.prisma.source.findMany({ orderBy: { name: 'asc' } });
    if (opts.json) {
      process.stdout.write(`${JSON.stringify(sources, null, 2)}\n`);
      return;
    }
    if (!sources.length) process.stdout.write('No sources yet: the worker loads config/sources.yaml on start, `npm run demo` loads the sample source.\n');
    for (const s of sources) {
      const health = s.consecutiveFailures ? `FAILING x${s.consecutiveFailures}: ${s.lastError}` : s.lastSuccessAt ? `ok ${s.lastSuccessAt.toISOString()}` : 'never polled';
      process.stdout.write(`${s.id}  ${s.enabled ? 'on ' : 'off'}  ${s.kind.padEnd(4)}  ${s.name}  <${s.url}>  items ${s.itemsSeen}  ${health}\n`);
    }
  }

  @Option({ flags: '--json', description: 'print JSON instead of a table' })
  parseJson(): boolean {
    return true;
  }
}

@Command({ name: 'sources', description: 'Manage news sources', subCommands: [SourcesListCommand] })
export class SourcesCommand extends CommandRunner {
  async run(): Promise<void> {
    this.command.help();
  }
}
