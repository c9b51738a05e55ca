import { AppConfig } from '@app/config';
import { Command, CommandRunner } from 'nest-commander';
import { formatSummary, runDemo } from '../demo/demo-runner';

@Command({
  name: 'demo',
  description:
    'Run the pipeline once on the bundled defaults: apply migrations, load the default rules and the sample source, poll it, classify, queue review items, and deliver one digest to the local outbox (MAIL_OUTBOX_DIR) or SMTP_URL.',
})
export class DemoCommand extends CommandRunner {
  constructor(private readonly config: AppConfig) {
    super();
  }

  async run(): Promise<void> {
    const summary = await runDemo(this.config, (line) => process.stdout.write(`${line}\n`));
    process.stdout.write(`${formatSummary(summary)}\n`);
  }
}
