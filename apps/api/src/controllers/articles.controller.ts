import { Roles } from '@app/auth';
import { PrismaService } from '@app/database';
import { BadRequestException, Controller, DefaultValuePipe, Get, NotFoundException, Param, ParseIntPipe, ParseUUIDPipe, Query } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

@ApiTags('articles')
@Controller('articles')
@Roles('viewer')
export class ArticlesController {
  constructor(private readonly prisma: PrismaService) {}

  @Get()
  @ApiOperation({ summary: 'Stored articles, newest first, with cursor pagination (pass the last id as ?cursor=)' })
  @ApiQuery({ name: 'limit', required: false, description: '1 to 200, default 50' })
  @ApiQuery({ name: 'cursor', required: false })
  @ApiQuery({ name: 'sourceId', required: false })
  async list(@Query('limit', new DefaultValuePipe(50), ParseIntPipe) limit: number, @Query('cursor') cursor?: string, @Query('sourceId') sourceId?: string) {
    for (const [name, v] of [['cursor', cursor], ['sourceId', sourceId]] as const) {
      if (v !== undefined && !UUID.test(v)) throw new BadRequestException(`${name} must be an id (uuid)`);
    }
    const take = Math.min(200, Math.max(1, limit));
    const items = await this.prisma.article.findMany({
      where: sourceId ? { sourceId } : {},
      orderBy: { id: 'desc' },
      take,
      ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
      select: { id: true, title: true, url: true, canonicalUrl: true, language: true, publishedAt: true, fetchedAt: true, storyId: true, sourceId: true, classifiedAt: true },
    });
    return { items, nextCursor: items.length === take ? items[items.length - 1].id : null };
  }

  @Get(':id')
  @ApiOperation({ summary: 'One article with its text, facts, matches and stored versions' })
  async get(@Param('id', new ParseUUIDPipe()) id: string) {
    const a = await this.prisma.article.findUnique({
      where: { id },
      include: { matches: true, versions: { orderBy: { version: 'desc' }, omit: { text: true } }, source: { select: { id: true, name: true } } },
    });
    if (!a) throw new NotFoundException(`no article ${id}`);
    return { ...a, simhash: a.simhash?.toString() ?? null };
  }
}
