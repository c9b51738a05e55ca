import { AppConfig } from '@app/config';
import { MetricsModule } from '@app/metrics';
import { QueueModule } from '@app/queue';
import { Module, OnModuleDestroy } from '@nestjs/common';
import { HttpFetcher } from './fetch';
import { createFetcher } from './fetcher.factory';
import { IngestService } from './ingest.service';
import { ArticleReader } from './read';
import { SourcesService } from './sources.service';

@Module({
  imports: [MetricsModule, QueueModule],
  providers: [
    ArticleReader,
    IngestService,
    SourcesService,
    {
      // One fetcher (one connection pool, one SSRF guard) per process.
      provide: HttpFetcher,
      inject: [AppConfig],
      useFactory: createFetcher,
    },
  ],
  exports: [HttpFetcher, IngestService, SourcesService],
})
export class IngestModule implements OnModuleDestroy {
  constructor(private readonly fetcher: HttpFetcher) {}

  async onModuleDestroy(): Promise<void> {
    await this.fetcher.close();
  }
}
