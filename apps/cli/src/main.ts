import 'reflect-metadata';
import { AppConfig, runOrExplain } from '@app/config';
import { CommandFactory } from 'nest-commander';
import { CliModule } from './cli.module';

// commander names the program after the script; users type `npm run cli -- <command>`.
process.argv[1] = 'npm run cli --';

void runOrExplain(async () => {
  const config = AppConfig.load();
  await CommandFactory.run(CliModule.forRoot(config), {
    logger: ['error', 'warn'],
    errorHandler: (err) => {
      // commander signals --help and --version as errors with exit code 0.
      const code = (err as { exitCode?: number }).exitCode;
      process.exit(code ?? 1);
    },
    serviceErrorHandler: (err) => {
      process.stderr.write(`${explain(err)}\n`);
      process.exit(1);
    },
  });
});

/** One line a person can act on; a database older than the code is the usual surprise after an upgrade. */
function explain(err: Error): string {
  const code = (err as { code?: string }).code;
  if (code === 'P2021' || code === 'P2022') {
    return 'The database is older than this version of Sanctions Monitor (a table or column is missing): run `npm run db:migrate`.';
  }
  return err.message;
}
