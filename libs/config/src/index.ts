export { AppConfig } from './app-config';
export { ConfigError } from './config.error';
export { ConfigModule } from './config.module';
export type { Env } from './config.schema';
export { ServiceUnreachableError } from './service-unreachable.error';
export { limitHeapGrowth } from './heap-growth';
export { runOrExplain } from './run-or-explain';
