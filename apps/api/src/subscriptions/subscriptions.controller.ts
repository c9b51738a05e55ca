import { Roles } from '@app/auth';
import { DigestService, SubscriptionsService } from '@app/digest';
import { Body, Controller, DefaultValuePipe, Delete, Get, Param, ParseIntPipe, Patch, Post, Query, UseFilters } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags, PartialType } from '@nestjs/swagger';
import { SubscriptionErrorsFilter } from './subscription-errors.filter';
import { SubscriptionBodyDto } from './subscription.dto';

class SubscriptionPatchDto extends PartialType(SubscriptionBodyDto) {}

@ApiTags('subscriptions')
@Controller('subscriptions')
@UseFilters(SubscriptionErrorsFilter)
@Roles('viewer')
export class SubscriptionsController {
  constructor(
    private readonly subscriptions: SubscriptionsService,
    private readonly digests: DigestService,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Every digest subscription: recipients (and who unsubscribed), schedule, time zone, filters' })
  list() {
    return this.subscriptions.list();
  }

  @Post()
  @Roles('admin')
  @ApiOperation({ summary: 'Add a subscription (400 naming each invalid field); schedule takes a preset or cron' })
  create(@Body() body: SubscriptionBodyDto) {
    return this.subscriptions.create(body);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One subscription, by id or key' })
  get(@Param('id') id: string) {
    return this.subscriptions.get(id);
  }

  @Patch(':id')
  @Roles('admin')
  @ApiOperation({ summary: 'Change the given fields of a subscription (pause with {"enabled": false})' })
  update(@Param('id') id: string, @Body() body: SubscriptionPatchDto) {
    return this.subscriptions.update(id, body);
  }

  @Delete(':id')
  @Roles('admin')
  @ApiOperation({ summary: 'Remove a subscription with its delivery log' })
  async remove(@Param('id') id: string) {
    const sub = await this.subscriptions.remove(id);
    return { removed: sub.id, name: sub.name };
  }

  @Get(':id/preview')
  @ApiOperation({ summary: 'The next digest as it would be built now: subject, HTML and text. Nothing is stored or sent.' })
  async preview(@Param('id') id: string) {
    const sub = await this.subscriptions.get(id);
    return this.digests.preview(sub.id);
  }

  @Get(':id/deliveries')
  @ApiOperation({ summary: 'The delivery log: digests and alerts, newest first, with recipients, Message-ID, status, attempts and error' })
  @ApiQuery({ name: 'limit', required: false, description: '1 to 500, default 50' })
  deliveries(@Param('id') id: string, @Query('limit', new DefaultValuePipe(50), ParseIntPipe) limit: number) {
    return this.subscriptions.deliveries(id, limit);
  }
}
