import { Roles } from '@app/auth';
import { PrismaService } from '@app/database';
import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';

@ApiTags('digests')
@Controller('digests')
@Roles('viewer')
export class DigestsController {
  constructor(private readonly prisma: PrismaService) {}

  @Get()
  @ApiOperation({ summary: 'The delivery log: every digest built, with its status, attempts and error' })
  list() {
    return this.prisma.digest.findMany({
      take: 100,
      orderBy: { createdAt: 'desc' },
      omit: { html: true, text: true },
      include: { subscription: { select: { id: true, name: true } } },
    });
  }
}
