export { DatabaseModule } from './database.module';
export { Prisma } from './generated/client';
export type { Article, ArticleVersion, AuditEvent, Digest, Match, ReviewItem, Rule, RuleVersion, Source, Story, Subscription } from './generated/client';
export { DeliveryStatus, ReviewState, Severity, SourceKind } from './generated/enums';
export { MigrationError } from './migrations/migration.error';
export { applyMigrations, createMigration, ensureDatabase, pendingMigrations } from './migrations/migrator';
export { checkPostgres, describeAddress } from './postgres-check';
export { PrismaService } from './prisma.service';
