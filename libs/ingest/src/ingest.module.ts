import { AppConfig } from '@app/config';
import { QueueModule } from '@app/queue';
import { Module, OnModuleDestroy } from '@nestjs/common';
import { HttpFetcher } from './fetch';
import { IngestService } from './ingest.service';
import { SourcesService } from './sources.service';

@Module({
  imports: [QueueModule],
  providers: [
    IngestService,
    SourcesService,
    {
      // One fetcher (one connection pool, one SSRF guard) per process.
      provide: HttpFetcher,
      inject: [AppConfig],
      useFactory: (c: AppConfig) =>
        new HttpFetcher({
          userAgent: c.fetchUserAgent,
          timeoutMs: c.fetchTimeoutMs,
          connectTimeoutMs: c.fetchConnectTimeoutMs,
          maxBytes: c.fetchMaxBytes,
          maxInflatedBytes: c.fetchMaxInflatedBytes,
          maxRedirects: c.fetchMaxRedirects,
          allowList: c.fetchAllowList,
        }),
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
