import { AuthModule } from '@app/auth';
import { DigestModule } from '@app/digest';
import { IngestModule } from '@app/ingest';
import { ReviewModule } from '@app/review';
import { RulesModule } from '@app/rules';
import { Module } from '@nestjs/common';
import { AssetsController } from './assets.controller';
import { AuditPageController } from './audit-page.controller';
import { DashboardPageController } from './dashboard-page.controller';
import { LoginController } from './login.controller';
import { QueuePageController } from './queue-page.controller';
import { RulesPageController } from './rules-page.controller';
import { SourcesPageController } from './sources-page.controller';
import { SubscriptionsPageController } from './subscriptions-page.controller';
import { UsersPageController } from './users-page.controller';

/**
 * The web application: server-rendered pages under /app (and /login), which
 * read through the libs' services and act through the JSON API from the
 * browser, so every change passes the same role checks and audit.
 */
@Module({
  imports: [AuthModule, DigestModule, IngestModule, ReviewModule, RulesModule],
  controllers: [
    AssetsController,
    AuditPageController,
    DashboardPageController,
    LoginController,
    QueuePageController,
    RulesPageController,
    SourcesPageController,
    SubscriptionsPageController,
    UsersPageController,
  ],
})
export class WebModule {}
