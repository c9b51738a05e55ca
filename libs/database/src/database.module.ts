import { Global, Module } from '@nestjs/common';
import { PrismaService } from './prisma.service';
import { SqlService } from './sql.service';

@Global()
@Module({
  providers: [SqlService, PrismaService],
  exports: [SqlService, PrismaService],
})
export class DatabaseModule {}
