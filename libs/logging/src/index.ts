export { createLogger } from './create-logger';
export { runInJobContext } from './job-log-context';
export type { JobRef } from './job-log-context';
export { ROOT_LOGGER } from './logging.constants';
export { LoggingModule } from './logging.module';
export { TextLogStream } from './text-log.stream';
