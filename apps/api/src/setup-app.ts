import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { DomainExceptionFilter } from './errors/domain-exception.filter';

/** What main.ts and the end-to-end tests both apply to the HTTP app. */
export function setupApp(app: INestApplication): INestApplication {
  app.enableShutdownHooks();
  app.useGlobalFilters(new DomainExceptionFilter());
  const doc = new DocumentBuilder()
    .setTitle('Sanctions Monitor API')
    .setDescription('Sources, watch rules, review items and digests of the DPRK overseas-labour sanctions monitor.')
    .setVersion('0.1.0')
    .build();
  SwaggerModule.setup('docs', app, () => SwaggerModule.createDocument(app, doc));
  return app;
}
