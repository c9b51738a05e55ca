import 'reflect-metadata';
import { AppConfig, runOrExplain } from '@app/config';
import { CommandFactory } from 'nest-commander';
import { CliModule } from './cli.module';

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
      process.stderr.write(`${err.message}\n`);
      process.exit(1);
    },
  });
});
