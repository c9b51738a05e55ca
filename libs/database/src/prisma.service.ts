import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from './generated/client';
import { SqlService } from './sql.service';

/**
 * Prisma 7 over the pg driver adapter: no query-engine binary is needed at
 * run time. It runs on SqlService's connection pool, which SqlService closes
 * at shutdown, after this disconnects.
 */
@Injectable()
export class PrismaService extends PrismaClient implements OnModuleDestroy {
  constructor(sql: SqlService) {
    super({ adapter: new PrismaPg(sql.pool) });
  }

  async onModuleDestroy(): Promise<void> {
    await this.$disconnect();
  }
}
