import { ExecutionContext, createParamDecorator } from '@nestjs/common';
import type { Request } from 'express';

/**
 * The person acting: the signed-in user. Without an authenticated user (a
 * deployment where the auth guard is off, or tests of the review API alone)
 * the `X-Analyst` header names them, else "api".
 */
export const Actor = createParamDecorator((_: unknown, ctx: ExecutionContext): string => {
  const req = ctx.switchToHttp().getRequest<Request & { user?: { username?: string } }>();
  return req.user?.username ?? req.header('x-analyst') ?? 'api';
});
