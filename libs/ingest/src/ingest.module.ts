import { QueueModule } from '@app/queue';
import { Module } from '@nestjs/common';
import { IngestService } from './ingest.service';
import { SourcesService } from './sources.service';

@Module({
  imports: [QueueModule],
  providers: [IngestService, SourcesService],
  exports: [IngestService, SourcesService],
})
export class IngestModule {}
