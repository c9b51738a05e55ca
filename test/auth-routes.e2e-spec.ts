import { PUBLIC_KEY, ROLES_KEY, Role, roleAllows } from '@app/auth';
import { INestApplication, RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { DiscoveryService, MetadataScanner } from '@nestjs/core';
import request from 'supertest';
import { startApiApp } from './support/api-app';
import { TestUser, createTestUser } from './support/auth-users';
import { TestEnv, createTestEnv } from './support/test-env';

interface Route {
  method: string;
  path: string;
  roles?: Role[];
  isPublic: boolean;
}

const DUMMY_ID = '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b';

/** Every route Nest serves, with what it declares, read from the controllers themselves (so a new route is walked without listing it here). */
function routesOf(app: INestApplication): Route[] {
  const discovery = app.get(DiscoveryService);
  const scanner = app.get(MetadataScanner);
  const routes: Route[] = [];
  for (const wrapper of discovery.getControllers()) {
    const type = wrapper.metatype as (new (...a: unknown[]) => unknown) | undefined;
    if (!type || !wrapper.instance) continue;
    const prefixes = [Reflect.getMetadata(PATH_METADATA, type) ?? ''].flat() as string[];
    const proto = Object.getPrototypeOf(wrapper.instance);
    for (const name of scanner.getAllMethodNames(proto)) {
      const handler = proto[name];
      const paths = Reflect.getMetadata(PATH_METADATA, handler);
      if (paths === undefined) continue;
      const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as number];
      const roles = Reflect.getMetadata(ROLES_KEY, handler) ?? Reflect.getMetadata(ROLES_KEY, type);
      const isPublic = (Reflect.getMetadata(PUBLIC_KEY, handler) ?? Reflect.getMetadata(PUBLIC_KEY, type)) === true;
      for (const prefix of prefixes) {
        for (const p of [paths].flat() as string[]) {
          const path = `/${[prefix, p].map((s) => s.replace(/^\/+|\/+$/g, '')).filter(Boolean).join('/')}`;
          routes.push({ method, path, roles, isPublic });
        }
      }
    }
  }
  return routes;
}

const concrete = (path: string) => path.replace(/:(\w+)/g, (_m, name: string) => (name === 'name' ? 'app.css' : DUMMY_ID));

describe('every API route declares its role, and answers each role accordingly', () => {
  let env: TestEnv;
  let app: INestApplication;
  let routes: Route[];
  const users: Partial<Record<Role, TestUser>> = {};

  beforeAll(async () => {
    env = await createTestEnv();
    app = await startApiApp(env);
    for (const role of ['viewer', 'analyst', 'admin'] as const) users[role] = await createTestUser(app, role);
    routes = routesOf(app);
  });

  afterAll(async () => {
    await app?.close();
    await env?.cleanup();
  });

  it('finds the routes, and each one declares @Roles or @Public', () => {
    expect(routes.length).toBeGreaterThan(40);
    const undeclared = routes.filter((r) => !r.isPublic && !r.roles?.length).map((r) => `${r.method} ${r.path}`);
    expect(undeclared).toEqual([]);
    // The public ones are few and known: anything else public is a mistake.
    const open = routes.filter((r) => r.isPublic).map((r) => r.path);
    for (const p of open) expect(p).toMatch(/^\/(health|ready|metrics|login|auth\/login|assets\/:name|unsubscribe|subscriptions\/unsubscribe|$)/);
  });

  it('refuses every non-public route without credentials (401) and with a wrong role (403), and lets the right roles through', async () => {
    const problems: string[] = [];
    for (const r of routes) {
      const call = (headers: Record<string, string> = {}) => {
        const m = r.method.toLowerCase() as 'get' | 'post' | 'put' | 'patch' | 'delete';
        const req = request(app.getHttpServer())[m](concrete(r.path)).set(headers).redirects(0);
        return m === 'get' || m === 'delete' ? req : req.send({});
      };
      const anon = await call();
      if (r.isPublic) {
        if (anon.status === 403) problems.push(`${r.method} ${r.path}: public but 403`);
        continue;
      }
      if (!r.roles?.length) {
        // Fail closed: an undeclared route (reported by the test above) is refused for everyone.
        for (const headers of [{}, users.admin!.headers]) {
          const res = await call(headers);
          if (res.status !== 403) problems.push(`${r.method} ${r.path}: declares no role yet answered ${res.status}`);
        }
        continue;
      }
      const pageRoute = r.path.startsWith('/app');
      // Pages send a person without a session to the login form; the API answers 401.
      const expectedAnon = pageRoute && r.method === 'GET' ? 303 : 401;
      if (anon.status !== expectedAnon) problems.push(`${r.method} ${r.path}: anonymous got ${anon.status}, expected ${expectedAnon}`);
      for (const role of ['viewer', 'analyst', 'admin'] as const) {
        const res = await call(users[role]!.headers);
        const allowed = roleAllows(role, r.roles!);
        if (allowed && (res.status === 401 || res.status === 403)) problems.push(`${r.method} ${r.path}: ${role} refused (${res.status})`);
        if (!allowed && res.status !== 403) problems.push(`${r.method} ${r.path}: ${role} got ${res.status}, expected 403`);
        if (allowed && res.status >= 500) problems.push(`${r.method} ${r.path}: ${role} got ${res.status}`);
      }
    }
    expect(problems).toEqual([]);
  });
});
