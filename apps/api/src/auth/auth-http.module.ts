import { AppConfig } from '@app/config';
import { AuthGuard, AuthModule } from '@app/auth';
import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ThrottlerModule } from '@nestjs/throttler';
import { AuthController } from './auth.controller';
import { CredentialThrottlerGuard } from './credential-throttler.guard';
import { LOGIN_RATE_LIMITED } from './login-rate-limit.decorator';
import { UsersController } from './users.controller';

/**
 * Accounts over HTTP, and the two global guards in the order they must run:
 * rate limits first (so floods and password guessing are cut before any
 * database work), then authentication and roles.
 *
 * Counters live in this process's memory: with several API replicas each
 * has its own budget (the account lockout, in PostgreSQL, still holds).
 */
@Module({
  imports: [
    AuthModule,
    ThrottlerModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        errorMessage: 'too many requests: wait a minute and try again',
        throttlers: [
          { name: 'api', ttl: 60_000, limit: config.rateLimits.apiPerMinute },
          {
            name: 'login',
            ttl: 60_000,
            limit: config.rateLimits.loginPerMinute,
            getTracker: (req: Record<string, any>) => `ip:${req.ip}`,
            skipIf: (ctx) => Reflect.getMetadata(LOGIN_RATE_LIMITED, ctx.getHandler()) !== true,
          },
        ],
      }),
    }),
  ],
  controllers: [AuthController, UsersController],
  providers: [
    { provide: APP_GUARD, useClass: CredentialThrottlerGuard },
    { provide: APP_GUARD, useExisting: AuthGuard },
  ],
  exports: [AuthModule],
})
export class AuthHttpModule {}
