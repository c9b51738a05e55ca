import { CanActivate, ExecutionContext, ForbiddenException, HttpException, HttpStatus, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { PUBLIC_KEY, ROLES_KEY } from './auth.constants';
import { changesState, csrfTokenMatches } from './csrf';
import { FailedAuthLimiter } from './failed-auth.limiter';
import { Role, roleAllows } from './role';
import { SessionsService } from './sessions.service';

/**
 * The global guard. Fails closed: a route that declares neither @Roles nor
 * @Public is refused for everyone, so a forgotten declaration is found at
 * once (and by the route-walk test), never shipped open.
 *
 * Sets request.user (and request.auth) whenever credentials are valid, on
 * public routes too, so the login page can tell who is already signed in.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly sessions: SessionsService,
    private readonly failures: FailedAuthLimiter,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    const isPublic = this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets) === true;
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    const req = context.switchToHttp().getRequest<Request>();
    if (!isPublic && !roles?.length) throw new ForbiddenException(`${req.method} ${req.route?.path ?? req.path} declares no role, so no one may use it`);

    const presented = FailedAuthLimiter.presents(req);
    const address = req.ip ?? 'unknown';
    if (presented && this.failures.blocked(address)) {
      throw new HttpException('too many requests with wrong credentials from this address: wait a minute and try again', HttpStatus.TOO_MANY_REQUESTS);
    }
    const credentials = await this.sessions.fromRequest(req);
    if (presented && !credentials) this.failures.record(address);
    if (credentials) {
      req.user = credentials.user;
      req.auth = credentials.auth;
    }
    if (isPublic) return true;
    if (!credentials) throw new UnauthorizedException('sign in, or send an API token as "Authorization: Bearer <token>"');
    if (!roleAllows(credentials.user.role, roles!)) throw new ForbiddenException(`this needs the ${roles!.join(' or ')} role (you are ${credentials.user.role})`);
    // Tokens are never sent by a browser on its own, so only cookie sessions can be forged cross-site.
    if (credentials.auth.via === 'session' && changesState(req.method) && !csrfTokenMatches(req, credentials.auth.csrfToken)) {
      throw new ForbiddenException('missing or wrong CSRF token: reload the page and try again');
    }
    return true;
  }
}
