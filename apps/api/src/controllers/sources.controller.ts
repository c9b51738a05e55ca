import { SourcesService } from '@app/ingest';
import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';

@ApiTags('sources')
@Controller('sources')
export class SourcesController {
  constructor(private readonly sources: SourcesService) {}

  @Get()
  @ApiOperation({ summary: 'Every source with its health: last attempt and success, last HTTP status, failures, items seen, last error' })
  list() {
    return this.sources.list();
  }
}
