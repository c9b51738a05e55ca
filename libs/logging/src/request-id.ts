import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

const SANE = /^[A-Za-z0-9._:-]{1,100}$/;

/**
 * A request's id: the one a proxy or caller sent in X-Request-Id (so a trace
 * crosses services), else a new one; echoed in the response either way.
 */
export function requestId(req: IncomingMessage, res: ServerResponse): string {
  const sent = req.headers['x-request-id'];
  const id = typeof sent === 'string' && SANE.test(sent) ? sent : randomUUID();
  res.setHeader('x-request-id', id);
  return id;
}
