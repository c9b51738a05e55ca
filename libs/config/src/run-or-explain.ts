import { ConfigError } from './config.error';
import { ServiceUnreachableError } from './service-unreachable.error';

/**
 * Runs a process's start-up. The failures a person can fix (bad configuration,
 * PostgreSQL or Redis down) end the process with their one-line explanation
 * instead of a stack trace; anything else is a bug and keeps its stack.
 */
export async function runOrExplain(main: () => Promise<void>): Promise<void> {
  try {
    await main();
  } catch (e) {
    if (e instanceof ConfigError || e instanceof ServiceUnreachableError) {
      process.stderr.write(`${e.message}\n`);
      process.exit(1);
    }
    throw e;
  }
}
