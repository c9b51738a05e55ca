import { PrismaService } from '@app/database';
import { Controller, DefaultValuePipe, Get, NotFoundException, Param, ParseIntPipe, ParseUUIDPipe, Query } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';

@ApiTags('review')
@Controller('review-items')
export class ReviewItemsController {
  constructor(private readonly prisma: PrismaService) {}

  @Get()
  @ApiOperation({ summary: 'Review items, newest first, with their article and source' })
  @ApiQuery({ name: 'limit', required: false, description: '1 to 200, default 50' })
  list(@Query('limit', new DefaultValuePipe(50), ParseIntPipe) limit: number) {
    return this.prisma.reviewItem.findMany({
      take: Math.min(200, Math.max(1, limit)),
      orderBy: { createdAt: 'desc' },
      include: { article: { select: { id: true, title: true, url: true, publishedAt: true, source: { select: { id: true, name: true } } } } },
    });
  }

  @Get(':id')
  @ApiOperation({ summary: 'One review item with its article, matches (evidence) and facts' })
  async get(@Param('id', new ParseUUIDPipe()) id: string) {
    const item = await this.prisma.reviewItem.findUnique({
      where: { id },
      include: { article: { omit: { simhash: true }, include: { source: true, matches: true } } },
    });
    if (!item) throw new NotFoundException(`no review item ${id}`);
    return item;
  }
}
