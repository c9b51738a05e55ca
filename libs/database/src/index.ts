export { DatabaseModule } from './database.module';
export { Prisma } from './generated/client';
export type {
  Alert,
  ApiToken,
  Article,
  ArticleVersion,
  AuditEvent,
  Digest,
  DigestItem,
  Match,
  ReviewItem,
  ReviewItemArticle,
  Rule,
  RuleVersion,
  Session,
  Source,
  Story,
  Subscription,
  User,
} from './generated/client';
export { DeliveryStatus, DismissReason, Disposition, ReviewState, Role, Severity, SourceKind } from './generated/enums';
export { MigrationError } from './migrations/migration.error';
export { applyMigrations, createMigration, ensureDatabase, pendingMigrations } from './migrations/migrator';
export { checkPostgres, describeAddress } from './postgres-check';
export { PrismaService } from './prisma.service';
export { SqlService, isUniqueViolation } from './sql.service';
export type { SqlQuery, SqlValues } from './sql.service';
