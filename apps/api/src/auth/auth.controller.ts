import { AppConfig } from '@app/config';
import { AuthUser, CurrentUser, Public, Roles, SessionsService, UsersService, sameOrigin } from '@app/auth';
import { Body, Controller, Delete, ForbiddenException, Get, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { LoginDto, TokenCreateDto } from './auth.dto';
import { LoginRateLimited } from './login-rate-limit.decorator';
import { clearSessionCookie, setSessionCookie } from './session-cookie';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly sessions: SessionsService,
    private readonly users: UsersService,
    private readonly config: AppConfig,
  ) {}

  @Post('login')
  @Public()
  @LoginRateLimited()
  @HttpCode(200)
  @ApiOperation({ summary: 'Sign in: sets the session cookie and returns the CSRF token that cookie-authenticated changes must send as X-CSRF-Token' })
  async login(@Body() body: LoginDto, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    // Login CSRF: a form on another site could post here (forms may send urlencoded bodies, which Nest parses)
    // and sign the visitor's browser into the attacker's account. Scripts send no Origin and are let through.
    if (!sameOrigin(req)) throw new ForbiddenException('cross-site sign-in refused');
    const session = await this.sessions.login(body?.username, body?.password);
    setSessionCookie(req, res, this.config, session);
    return { user: session.user, csrfToken: session.csrfToken, expiresAt: session.expiresAt };
  }

  @Post('logout')
  @Roles('viewer')
  @HttpCode(204)
  @ApiOperation({ summary: 'End this session' })
  async logout(@Req() req: Request, @Res({ passthrough: true }) res: Response) {
    if (req.auth?.sessionId) await this.sessions.logout(req.auth.sessionId);
    clearSessionCookie(req, res, this.config);
  }

  @Get('me')
  @Roles('viewer')
  @ApiOperation({ summary: 'Who is signed in (and the CSRF token of a cookie session)' })
  me(@CurrentUser() user: AuthUser, @Req() req: Request) {
    return { user, via: req.auth?.via, csrfToken: req.auth?.csrfToken };
  }

  @Get('tokens')
  @Roles('viewer')
  @ApiOperation({ summary: 'Your API tokens (never the tokens themselves, only their first characters)' })
  tokens(@CurrentUser() user: AuthUser) {
    return this.users.listTokens(user.username);
  }

  @Post('tokens')
  @Roles('viewer')
  @ApiOperation({ summary: 'Create an API token for scripts: the token is in this answer only, store it now' })
  async createToken(@CurrentUser() user: AuthUser, @Body() body: TokenCreateDto) {
    const { token, summary } = await this.users.createToken(user.username, body?.name, user.username);
    return { ...summary, token };
  }

  @Delete('tokens/:id')
  @Roles('viewer')
  @ApiOperation({ summary: 'Revoke one of your tokens (admins: anyone\'s)' })
  revokeToken(@CurrentUser() user: AuthUser, @Param('id') id: string) {
    return this.users.revokeToken(id, user.username, user.role === 'admin' ? undefined : user.username);
  }
}
