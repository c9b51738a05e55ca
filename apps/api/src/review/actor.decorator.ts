import { ExecutionContext, createParamDecorator } from '@nestjs/common';
import type { Request } from 'express';

/** The person acting, as the audit trail names them: the signed-in user (every review route requires one). */
export const Actor = createParamDecorator((_: unknown, ctx: ExecutionContext): string => {
  const req = ctx.switchToHttp().getRequest<Request & { user?: { username?: string } }>();
  return req.user?.username ?? 'api';
});
