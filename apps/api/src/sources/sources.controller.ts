import { AuthUser, CurrentUser, Roles } from '@app/auth';
import { SourcesService } from '@app/ingest';
import { QueueService, jobId } from '@app/queue';
import { Body, Controller, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiOperation, ApiTags, PartialType } from '@nestjs/swagger';
import { SourceBodyDto } from './source.dto';

class SourcePatchDto extends PartialType(SourceBodyDto) {}

@ApiTags('sources')
@Controller('sources')
export class SourcesController {
  constructor(
    private readonly sources: SourcesService,
    private readonly queues: QueueService,
  ) {}

  @Get()
  @Roles('viewer')
  @ApiOperation({ summary: 'Every source with its health: last attempt and success, last HTTP status, consecutive failures, items seen, last error, next poll' })
  list() {
    return this.sources.list();
  }

  @Post()
  @Roles('admin')
  @ApiOperation({ summary: 'Add a source (400 naming each invalid field)' })
  create(@Body() body: SourceBodyDto, @CurrentUser() user: AuthUser) {
    return this.sources.create(body, user.username);
  }

  @Get(':id')
  @Roles('viewer')
  @ApiOperation({ summary: 'One source, by id or key' })
  get(@Param('id') id: string) {
    return this.sources.get(id);
  }

  @Patch(':id')
  @Roles('admin')
  @ApiOperation({ summary: 'Change a source: pause or resume with {"enabled": false|true}, edit any field' })
  async update(@Param('id') id: string, @Body() body: SourcePatchDto, @CurrentUser() user: AuthUser) {
    const source = await this.sources.get(id);
    return this.sources.update(source.id, body, user.username);
  }

  @Post(':id/poll')
  @Roles('admin')
  @HttpCode(202)
  @ApiOperation({ summary: 'Poll a source now (queued for the worker); a second request while one is queued is the same job' })
  async pollNow(@Param('id') id: string) {
    const source = await this.sources.get(id);
    const job = await this.queues.add('ingest', 'poll-source', { sourceId: source.id }, { jobId: jobId.poll(source.id, 'now') , removeOnComplete: true, removeOnFail: true });
    return { queued: true, jobId: job.id, sourceId: source.id };
  }
}
