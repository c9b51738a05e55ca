import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { AuthErrorsFilter } from './auth/auth-errors.filter';
import { applySecurityHeaders } from './auth/security-headers';
import { DomainExceptionFilter } from './errors/domain-exception.filter';

/**
 * What main.ts and the end-to-end tests both apply to the HTTP app. Signals
 * are main.ts's business (it drains requests and exits 0); Nest's own
 * shutdown hooks would re-raise the signal and end the process with it.
 */
export function setupApp(app: INestApplication): INestApplication {
  applySecurityHeaders(app);
  app.useGlobalFilters(new DomainExceptionFilter(), new AuthErrorsFilter());
  const doc = new DocumentBuilder()
    .setTitle('Sanctions Monitor API')
    .setDescription('Sources, watch rules, review items and digests of the DPRK overseas-labour sanctions monitor.')
    .setVersion('0.1.0')
    .build();
  SwaggerModule.setup('docs', app, () => SwaggerModule.createDocument(app, doc));
  return app;
}
