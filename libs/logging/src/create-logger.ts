import { AppConfig } from '@app/config';
import pino, { DestinationStream, Logger } from 'pino';
import { TextLogStream } from './text-log.stream';

/** Nest's level names (LOG_LEVEL) in pino's terms. */
const PINO_LEVEL = { error: 'error', warn: 'warn', log: 'info', debug: 'debug', verbose: 'trace' } as const;

/**
 * The process's one pino logger. Writes are synchronous: a process that logs
 * "stopped" and exits 0 must not lose the line in a buffer.
 */
export function createLogger(config: AppConfig, service: 'api' | 'worker', dest?: DestinationStream): Logger {
  const out = dest ?? (config.logFormat === 'json' ? pino.destination({ dest: 1, sync: true }) : new TextLogStream(process.stdout));
  return pino(
    {
      level: PINO_LEVEL[config.logLevel],
      base: { service, pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      // Never log credentials that arrive on requests.
      redact: { paths: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'], censor: '[redacted]' },
    },
    out,
  );
}
