import { INestApplication } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';

// Our pages load only their own files: no inline script or style, no eval,
// nothing from another origin (users may be offline; feed text must never run).
const strict = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'", 'data:'],
  connectSrc: ["'self'"],
  fontSrc: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
  baseUri: ["'none'"],
  objectSrc: ["'none'"],
  upgradeInsecureRequests: null,
};

/**
 * Third-party pages we serve but do not write (Swagger UI at /docs, Bull
 * Board at /admin/queues) put styles inline; they get that one allowance,
 * scripts stay same-origin only.
 */
const thirdParty = { ...strict, styleSrc: ["'self'", "'unsafe-inline'"], imgSrc: ["'self'", 'data:', 'blob:'] };

const THIRD_PARTY_PATHS = [/^\/docs(\/|$)/, /^\/admin\/queues(\/|$)/];

/** Security headers (helmet) on every answer, the strict Content-Security-Policy on everything but the paths above. */
export function applySecurityHeaders(app: INestApplication): void {
  const common = { crossOriginEmbedderPolicy: false } as const;
  const strictHelmet = helmet({ ...common, contentSecurityPolicy: { useDefaults: false, directives: strict } });
  const relaxedHelmet = helmet({ ...common, contentSecurityPolicy: { useDefaults: false, directives: thirdParty } });
  app.use((req: Request, res: Response, next: NextFunction) => (THIRD_PARTY_PATHS.some((p) => p.test(req.path)) ? relaxedHelmet : strictHelmet)(req, res, next));
}
