import { AppConfig } from '@app/config';
import { LoginFailedError, Public, Roles, SessionsService, sameOrigin } from '@app/auth';
import { Body, Controller, ForbiddenException, Get, HttpCode, Post, Query, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { LoginRateLimited } from '../auth/login-rate-limit.decorator';
import { clearSessionCookie, setSessionCookie } from '../auth/session-cookie';
import { html } from './html';
import { layout, pageContext } from './layout';
import { PageExceptionFilter } from './page-exception.filter';

/** Only paths of our own pages: an open redirect after login would make phishing easy. */
function safeNext(next: unknown): string {
  return typeof next === 'string' && /^\/app(\/|$|\?)/.test(next) ? next : '/app';
}

@ApiExcludeController()
@Controller()
@UseFilters(PageExceptionFilter)
export class LoginController {
  constructor(
    private readonly sessions: SessionsService,
    private readonly config: AppConfig,
  ) {}

  @Get()
  @Public()
  root(@Res() res: Response): void {
    res.redirect(303, '/app');
  }

  @Get('login')
  @Public()
  form(@Req() req: Request, @Res() res: Response, @Query('next') next?: string): void {
    if (req.user) return res.redirect(303, safeNext(next));
    res.type('html').send(this.render(req, next));
  }

  @Post('login')
  @Public()
  @LoginRateLimited()
  @HttpCode(200)
  async login(@Req() req: Request, @Res() res: Response, @Body() body: { username?: string; password?: string; next?: string }): Promise<void> {
    // Login CSRF (signing a victim into the attacker's account): the form must come from our own pages.
    if (!sameOrigin(req)) throw new ForbiddenException('cross-site sign-in refused');
    try {
      const session = await this.sessions.login(body?.username ?? '', body?.password ?? '');
      setSessionCookie(req, res, this.config, session);
      res.redirect(303, safeNext(body?.next));
    } catch (e) {
      if (!(e instanceof LoginFailedError)) throw e;
      res.status(401).type('html').send(this.render(req, body?.next, e.message, body?.username));
    }
  }

  @Post('logout')
  @Roles('viewer')
  async logout(@Req() req: Request, @Res() res: Response): Promise<void> {
    if (req.auth?.sessionId) await this.sessions.logout(req.auth.sessionId);
    clearSessionCookie(req, res, this.config);
    res.redirect(303, '/login');
  }

  private render(req: Request, next?: string, error?: string, username?: string): string {
    return layout(
      { ...pageContext(req), user: undefined },
      'Sign in',
      html`<form class="login" method="post" action="/login">
  ${error ? html`<p class="error" role="alert">${error}</p>` : ''}
  <input type="hidden" name="next" value="${safeNext(next)}">
  <label>Username <input name="username" autocomplete="username" required autofocus value="${username ?? ''}"></label>
  <label>Password <input name="password" type="password" autocomplete="current-password" required></label>
  <button type="submit">Sign in</button>
</form>`,
      { pageId: 'login' },
    );
  }
}
