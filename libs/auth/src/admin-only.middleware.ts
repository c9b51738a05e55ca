import { Injectable, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { changesState, csrfTokenMatches, sameOrigin } from './csrf';
import { roleAllows } from './role';
import { SessionsService } from './sessions.service';

/**
 * For Express handlers mounted outside Nest's router (Bull Board at
 * /admin/queues), where the global guard does not run: 401 without
 * credentials, 403 for anyone but an admin.
 *
 * A third-party page cannot send our CSRF token, so a cookie session
 * changing something must either carry it or come from our own origin.
 */
@Injectable()
export class AdminOnlyMiddleware implements NestMiddleware {
  constructor(private readonly sessions: SessionsService) {}

  async use(req: Request, res: Response, next: NextFunction): Promise<void> {
    try {
      const credentials = await this.sessions.fromRequest(req);
      if (!credentials) {
        res.status(401).json({ statusCode: 401, error: 'Unauthorized', message: 'sign in as an admin' });
        return;
      }
      if (!roleAllows(credentials.user.role, ['admin'])) {
        res.status(403).json({ statusCode: 403, error: 'Forbidden', message: `this needs the admin role (you are ${credentials.user.role})` });
        return;
      }
      if (credentials.auth.via === 'session' && changesState(req.method) && !csrfTokenMatches(req, credentials.auth.csrfToken) && !sameOrigin(req)) {
        res.status(403).json({ statusCode: 403, error: 'Forbidden', message: 'cross-site request refused' });
        return;
      }
      req.user = credentials.user;
      req.auth = credentials.auth;
      next();
    } catch (e) {
      next(e);
    }
  }
}
