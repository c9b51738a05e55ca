import { ArgumentsHost, Catch, ExceptionFilter, HttpException } from '@nestjs/common';
import type { Request, Response } from 'express';
import { messagePage, pageContext } from './layout';

/**
 * Pages answer people, not scripts: no credentials sends them to the login
 * form (and back afterwards), other refusals are a readable page with the
 * right status.
 */
@Catch()
export class PageExceptionFilter implements ExceptionFilter {
  catch(error: unknown, host: ArgumentsHost): void {
    const req = host.switchToHttp().getRequest<Request>();
    const res = host.switchToHttp().getResponse<Response>();
    const status = error instanceof HttpException ? error.getStatus() : error instanceof Error && error.name.endsWith('NotFoundError') ? 404 : 500;
    if (status === 401 && req.method === 'GET') {
      res.redirect(303, `/login?next=${encodeURIComponent(req.originalUrl)}`);
      return;
    }
    const message =
      status === 401 ? 'Sign in first.' :
      status === 403 ? 'You do not have access to this page.' :
      status === 404 ? 'There is nothing here.' :
      status === 429 ? 'Too many requests: wait a minute and try again.' :
      status < 500 && error instanceof HttpException ? String((error.getResponse() as { message?: unknown })?.message ?? error.message) :
      'Something went wrong on our side.';
    const title = status === 403 ? 'Not allowed' : status === 404 ? 'Not found' : 'Error';
    res.status(status).type('html').send(messagePage(pageContext(req), title, message, status));
  }
}
