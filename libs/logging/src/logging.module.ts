import { AppConfig } from '@app/config';
import { DynamicModule, Module, RequestMethod } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import type { Logger } from 'pino';
import { ROOT_LOGGER } from './logging.constants';
import { createLogger } from './create-logger';
import { requestId } from './request-id';

/**
 * nestjs-pino for the api and the worker, from configuration. The api's
 * request lines carry a request id (the caller's X-Request-Id when it sends a
 * sane one); the worker's job lines carry the job (see runInJobContext).
 */
@Module({})
export class LoggingModule {
  static forRoot(config: AppConfig | undefined, service: 'api' | 'worker', logger: Logger = createLogger(config ?? AppConfig.load(), service)): DynamicModule {
    return {
      module: LoggingModule,
      global: true,
      imports: [
        LoggerModule.forRoot({
          pinoHttp: {
            logger,
            genReqId: requestId,
            // Bind only the id on every line logged during the request; the full request goes on the one line that ends it.
            quietReqLogger: true,
            customAttributeKeys: { reqId: 'requestId' },
            // Probes and scrapes every few seconds would drown the log.
            autoLogging: { ignore: (req) => /^\/(health|ready|metrics)(\/|$|\?)/.test(req.url ?? '') },
            // 4xx are ordinary traffic (a signed-out browser, a bad id); only server errors are errors.
            customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? 'error' : 'info'),
          },
          forRoutes: [{ path: '{*splat}', method: RequestMethod.ALL }],
        }),
      ],
      providers: [{ provide: ROOT_LOGGER, useValue: logger }],
      exports: [ROOT_LOGGER],
    };
  }
}
