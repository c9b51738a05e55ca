import { Module } from '@nestjs/common';
import { AdminOnlyMiddleware } from './admin-only.middleware';
import { AuthGuard } from './auth.guard';
import { FailedAuthLimiter } from './failed-auth.limiter';
import { SessionsService } from './sessions.service';
import { UsersService } from './users.service';

/**
 * Accounts, sessions and tokens. The API registers AuthGuard as its global
 * guard (APP_GUARD); the CLI imports this module for UsersService only.
 */
@Module({
  providers: [AdminOnlyMiddleware, AuthGuard, FailedAuthLimiter, SessionsService, UsersService],
  exports: [AdminOnlyMiddleware, AuthGuard, SessionsService, UsersService],
})
export class AuthModule {}
