import { SessionsService } from '@app/auth';
import { PrismaService } from '@app/database';
import { INestApplication } from '@nestjs/common';
import { createHash, scryptSync } from 'node:crypto';
import request, { Response } from 'supertest';
import { startApiApp } from './support/api-app';
import { TEST_PASSWORD, TestUser, createTestUser, loginSession } from './support/auth-users';
import { runCli } from './support/run-cli';
import { TestEnv, createTestEnv } from './support/test-env';

// Several CLI runs in one test: each is a Node process booting Nest, seconds apiece on a busy machine.
const CLI_TIMEOUT_MS = 180_000;

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/** The Set-Cookie line of the session cookie, and its value. */
function sessionCookieOf(res: Response): { line: string; value: string; header: string } {
  const lines = ([] as string[]).concat(res.headers['set-cookie'] ?? []);
  const line = lines.find((l) => l.startsWith('sm_session='));
  if (!line) throw new Error(`no session cookie in ${JSON.stringify(lines)}`);
  const value = decodeURIComponent(line.slice('sm_session='.length).split(';')[0]);
  return { line, value, header: `sm_session=${value}` };
}

/** A Content-Security-Policy header as directive -> sources. */
function cspOf(res: Response): Map<string, string[]> {
  const header = res.headers['content-security-policy'];
  expect(typeof header).toBe('string');
  const directives = new Map<string, string[]>();
  for (const part of (header as string).split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (name) directives.set(name.toLowerCase(), sources);
  }
  return directives;
}

/** What a browser would see on any answer: a strict policy and helmet's headers. */
function expectStrictSecurityHeaders(res: Response): void {
  const csp = cspOf(res);
  // Scripts only from our own origin: nothing inline, no eval, no other host.
  expect(csp.get('script-src')).toEqual(["'self'"]);
  expect(csp.get('default-src')).toEqual(["'self'"]);
  expect(csp.get('style-src')).toEqual(["'self'"]);
  expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
  expect(csp.get('object-src')).toEqual(["'none'"]);
  expect(csp.get('base-uri')).toEqual(["'none'"]);
  expect(csp.get('form-action')).toEqual(["'self'"]);
  expect(res.headers['content-security-policy']).not.toMatch(/unsafe-inline|unsafe-eval|\*/);
  expect(res.headers['x-content-type-options']).toBe('nosniff');
  expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
  expect(res.headers['referrer-policy']).toBe('no-referrer');
  expect(res.headers['strict-transport-security']).toMatch(/max-age=\d+/);
  expect(res.headers['x-powered-by']).toBeUndefined();
}

describe('accounts and their protections, as a user meets them', () => {
  let env: TestEnv;
  let app: INestApplication;
  let prisma: PrismaService;
  const http = () => request(app.getHttpServer());

  beforeAll(async () => {
    // Rate limits out of the way here (they have their own app below); a short road to the lockout.
    env = await createTestEnv({ AUTH_MAX_FAILED_LOGINS: '3', AUTH_LOCKOUT_MINUTES: '1', RATE_LIMIT_LOGIN_PER_MINUTE: '10000', RATE_LIMIT_API_PER_MINUTE: '1000000' });
    app = await startApiApp(env);
    prisma = app.get(PrismaService);
  });

  afterAll(async () => {
    await app?.close();
    await env?.cleanup();
  });

  describe('login with a session cookie', () => {
    it('sets an HttpOnly, SameSite=Strict cookie that opens the API and the pages; only hashes are stored', async () => {
      const user = await createTestUser(app, 'analyst');
      const res = await http().post('/auth/login').send({ username: user.username, password: TEST_PASSWORD }).expect(200);
      const cookie = sessionCookieOf(res);
      expect(cookie.line).toMatch(/;\s*HttpOnly/i);
      expect(cookie.line).toMatch(/;\s*SameSite=Strict/i);
      expect(cookie.line).toMatch(/;\s*Path=\//i);
      expect(cookie.line).toMatch(/;\s*Expires=/i);
      // Plain HTTP with AUTH_COOKIE_SECURE=auto: no Secure flag, or the browser would drop it.
      expect(cookie.line).not.toMatch(/;\s*Secure/i);
      expect(res.body).toMatchObject({ user: { username: user.username, role: 'analyst' }, csrfToken: expect.any(String) });
      expect(JSON.stringify(res.body)).not.toContain(cookie.value);

      const me = await http().get('/auth/me').set('Cookie', cookie.header).expect(200);
      expect(me.body).toEqual({ user: expect.objectContaining({ username: user.username, role: 'analyst' }), via: 'session', csrfToken: res.body.csrfToken });
      await http().get('/app').set('Cookie', cookie.header).expect(200);
      await http().get('/auth/me').expect(401);
      await http().get('/auth/me').set('Cookie', `sm_session=${cookie.value}x`).expect(401);

      // The password is stored as scrypt with its parameters and salt: recomputing it from them gives the stored key.
      const row = await prisma.user.findUniqueOrThrow({ where: { username: user.username } });
      expect(row.passwordHash).not.toContain(TEST_PASSWORD);
      const [kind, n, r, p, salt, key] = row.passwordHash.split('$');
      expect({ kind, n: Number(n), r: Number(r), p: Number(p) }).toEqual({ kind: 'scrypt', n: 32768, r: 8, p: 1 });
      const derived = scryptSync(TEST_PASSWORD.normalize('NFKC'), Buffer.from(salt, 'base64'), 32, { N: 32768, r: 8, p: 1, maxmem: 64 * 1024 * 1024 });
      expect(derived.toString('base64')).toBe(key);

      // The session table holds the cookie's SHA-256, never the cookie.
      const sessions = await prisma.session.findMany({ where: { userId: row.id } });
      expect(sessions.map((s) => s.id)).toEqual([sha256(cookie.value)]);
      expect(JSON.stringify(sessions)).not.toContain(cookie.value);
    });

    it('answers a wrong password, an unknown name and an empty body alike, with no cookie', async () => {
      const user = await createTestUser(app, 'viewer');
      const answers = await Promise.all([
        http().post('/auth/login').send({ username: user.username, password: 'not the password at all' }),
        http().post('/auth/login').send({ username: 'nobody-here', password: TEST_PASSWORD }),
        http().post('/auth/login').send({}),
      ]);
      for (const res of answers) {
        expect(res.status).toBe(401);
        expect(res.body.message).toBe(answers[0].body.message);
        expect(res.headers['set-cookie']).toBeUndefined();
      }
    });

    it('logout ends the session: the row is gone, the cookie is cleared and no longer works', async () => {
      const user = await createTestUser(app, 'viewer');
      const login = await http().post('/auth/login').send({ username: user.username, password: TEST_PASSWORD }).expect(200);
      const cookie = sessionCookieOf(login);
      const out = await http().post('/auth/logout').set('Cookie', cookie.header).set('X-CSRF-Token', login.body.csrfToken).expect(204);
      expect(sessionCookieOf(out).line).toMatch(/sm_session=;.*Expires=Thu, 01 Jan 1970/i);
      expect(await prisma.session.count({ where: { id: sha256(cookie.value) } })).toBe(0);
      await http().get('/auth/me').set('Cookie', cookie.header).expect(401);
      // The page sends a signed-out person back to the form.
      const page = await http().get('/app').set('Cookie', cookie.header).redirects(0).expect(303);
      expect(page.headers.location).toBe('/login?next=%2Fapp');
    });

    it('refuses a sign-in posted from another site (login CSRF), on the API route and the form', async () => {
      const user = await createTestUser(app, 'viewer');
      const body = { username: user.username, password: TEST_PASSWORD };
      for (const path of ['/auth/login', '/login']) {
        const evil = await http().post(path).set('Origin', 'https://evil.example').type('form').send(body);
        expect(evil.status).toBe(403);
        expect(evil.headers['set-cookie']).toBeUndefined();
        const crossSite = await http().post(path).set('Sec-Fetch-Site', 'cross-site').type('form').send(body);
        expect(crossSite.status).toBe(403);
      }
      const res = await http().post('/auth/login').set('Origin', 'https://evil.example').send(body);
      expect(res.body.message).toBe('cross-site sign-in refused');
      // Our own pages (same Origin) and scripts (no Origin) sign in.
      const host = `127.0.0.1:${(app.getHttpServer().address() as { port: number } | null)?.port ?? 0}`;
      const own = await http().post('/auth/login').set('Host', host).set('Origin', `http://${host}`).send(body).expect(200);
      sessionCookieOf(own);
      const form = await http().post('/login').set('Sec-Fetch-Site', 'same-origin').type('form').send({ ...body, next: '/app/queue' }).redirects(0).expect(303);
      expect(form.headers.location).toBe('/app/queue');
      sessionCookieOf(form);
    });
  });

  describe('lockout after repeated failures', () => {
    it('locks the account after AUTH_MAX_FAILED_LOGINS wrong passwords: even the right one is refused until the lockout passes', async () => {
      const user = await createTestUser(app, 'analyst');
      const wrong = { username: user.username, password: 'wrong password, guess 1' };
      const right = { username: user.username, password: TEST_PASSWORD };

      // Two wrong, then the right one: the count starts again.
      await http().post('/auth/login').send(wrong).expect(401);
      await http().post('/auth/login').send(wrong).expect(401);
      await http().post('/auth/login').send(right).expect(200);
      expect(await prisma.user.findUniqueOrThrow({ where: { username: user.username } })).toMatchObject({ failedLogins: 0, lockedUntil: null });

      const before = Date.now();
      const failures = [];
      for (let i = 0; i < 3; i++) failures.push(await http().post('/auth/login').send(wrong));
      const after = Date.now();
      expect(failures.map((f) => f.status)).toEqual([401, 401, 401]);
      const locked = await prisma.user.findUniqueOrThrow({ where: { username: user.username } });
      expect(locked.lockedUntil).not.toBeNull();
      // AUTH_LOCKOUT_MINUTES=1 from the third failure.
      expect(locked.lockedUntil!.getTime()).toBeGreaterThanOrEqual(before + 60_000);
      expect(locked.lockedUntil!.getTime()).toBeLessThanOrEqual(after + 60_000);
      const audit = await prisma.auditEvent.findMany({ where: { action: 'user.locked', entityId: locked.id } });
      expect(audit).toHaveLength(1);

      // The right password is refused now, with the same answer as a wrong one: a guesser learns nothing.
      const refused = await http().post('/auth/login').send(right).expect(401);
      expect(refused.body.message).toBe(failures[0].body.message);
      expect(refused.headers['set-cookie']).toBeUndefined();
      const page = await http().post('/login').type('form').send(right).expect(401);
      expect(page.text).toContain('locked after too many attempts');
      expect(await prisma.session.count({ where: { userId: locked.id } })).toBe(1); // only the one from before the lockout

      // The users listing (CLI) shows the lock.
      const list = await runCli(['users', 'list'], { DATABASE_URL: env.databaseUrl, REDIS_URL: env.config.redisUrl, QUEUE_PREFIX: env.config.queuePrefix });
      expect(list.stdout).toMatch(new RegExp(`${user.username}\\s+analyst\\s+locked until ${locked.lockedUntil!.toISOString()}`));

      // The clock at the lockout's end, through the same login code: refused a moment before, signed in after.
      const sessions = app.get(SessionsService);
      const end = locked.lockedUntil!.getTime();
      await expect(sessions.login(user.username, TEST_PASSWORD, new Date(end - 1))).rejects.toThrow('locked after too many attempts');
      const session = await sessions.login(user.username, TEST_PASSWORD, new Date(end + 1));
      expect(session.user.username).toBe(user.username);
      expect(await prisma.user.findUniqueOrThrow({ where: { username: user.username } })).toMatchObject({ failedLogins: 0, lockedUntil: null });
    });

    it('counts nothing for a name no one has: failures against it create no row', async () => {
      for (let i = 0; i < 4; i++) await http().post('/auth/login').send({ username: 'ghost', password: 'whatever it is' }).expect(401);
      expect(await prisma.user.count({ where: { username: 'ghost' } })).toBe(0);
    });
  });

  describe('CSRF protection of cookie sessions', () => {
    let user: TestUser;
    let cookie: string;
    let csrfToken: string;

    beforeAll(async () => {
      user = await createTestUser(app, 'viewer');
      const login = await http().post('/auth/login').send({ username: user.username, password: TEST_PASSWORD }).expect(200);
      cookie = sessionCookieOf(login).header;
      csrfToken = login.body.csrfToken;
    });

    it('refuses a change made with the cookie alone, or with a wrong or another session\'s token (403), and nothing is created', async () => {
      const other = await loginSession(app, user);
      for (const token of [undefined, '', 'wrong', other.csrfToken]) {
        const req = http().post('/auth/tokens').set('Cookie', cookie);
        if (token !== undefined) req.set('X-CSRF-Token', token);
        const res = await req.send({ name: 'forged' });
        expect(res.status).toBe(403);
        expect(res.body.message).toBe('missing or wrong CSRF token: reload the page and try again');
      }
      // A cross-site form: the cookie rides along (in an old browser), the token cannot.
      await http().post('/auth/tokens').set('Cookie', cookie).type('form').send({ name: 'forged' }).expect(403);
      await http().delete(`/auth/tokens/${user.headers.Authorization.slice(7, 17)}`).set('Cookie', cookie).expect(403);
      await http().post('/auth/logout').set('Cookie', cookie).expect(403);
      expect((await http().get('/auth/tokens').set('Cookie', cookie).expect(200)).body.map((t: { name: string }) => t.name)).toEqual(['e2e']);
      await http().get('/auth/me').set('Cookie', cookie).expect(200);
    });

    it('accepts the change with the session\'s token, as the X-CSRF-Token header or the _csrf form field', async () => {
      const viaHeader = await http().post('/auth/tokens').set('Cookie', cookie).set('X-CSRF-Token', csrfToken).send({ name: 'from fetch' });
      expect(viaHeader.status).toBe(201);
      const viaForm = await http().post('/auth/tokens').set('Cookie', cookie).type('form').send({ name: 'from a form', _csrf: csrfToken });
      expect(viaForm.status).toBe(201);
      // /auth/me hands a page the token again.
      expect((await http().get('/auth/me').set('Cookie', cookie).expect(200)).body.csrfToken).toBe(csrfToken);
    });

    it('asks no CSRF token of a bearer token (a browser never sends one on its own)', async () => {
      const res = await http().post('/auth/tokens').set(user.headers).send({ name: 'script' });
      expect(res.status).toBe(201);
      expect((await http().get('/auth/me').set(user.headers).expect(200)).body).toMatchObject({ via: 'token' });
      // A bearer token wins over a cookie sent beside it, so the cookie's missing token does not matter either.
      await http().post('/auth/tokens').set(user.headers).set('Cookie', cookie).send({ name: 'script 2' }).expect(201);
    });
  });

  describe('API tokens for scripts', () => {
    it('shows a new token once, stores only its hash, lists only its prefix, and stops it at once when revoked', async () => {
      const user = await createTestUser(app, 'analyst');
      const created = await http().post('/auth/tokens').set(user.headers).send({ name: 'nightly export' }).expect(201);
      const token: string = created.body.token;
      expect(token).toMatch(/^smt_[A-Za-z0-9_-]{43}$/);
      expect(created.body).toMatchObject({ name: 'nightly export', username: user.username, prefix: token.slice(0, 10), revokedAt: null });

      const list = await http().get('/auth/tokens').set(user.headers).expect(200);
      const listed = list.body.find((t: { id: string }) => t.id === created.body.id);
      expect(listed).toMatchObject({ name: 'nightly export', prefix: token.slice(0, 10) });
      expect(listed.token).toBeUndefined();
      expect(list.text).not.toContain(token);
      expect(list.text).not.toContain(token.slice(10));

      const row = await prisma.apiToken.findUniqueOrThrow({ where: { id: created.body.id } });
      expect(row.hash).toBe(sha256(token));
      expect(JSON.stringify(row)).not.toContain(token.slice(10));

      const bearer = { Authorization: `Bearer ${token}` };
      expect((await http().get('/auth/me').set(bearer).expect(200)).body).toMatchObject({ user: { username: user.username, role: 'analyst' }, via: 'token' });
      await http().get('/review-items').set(bearer).expect(200);
      expect((await prisma.apiToken.findUniqueOrThrow({ where: { id: row.id } })).lastUsedAt).not.toBeNull();

      // Someone else (not an admin) cannot revoke it, nor tell that it exists.
      const stranger = await createTestUser(app, 'analyst');
      await http().delete(`/auth/tokens/${row.id}`).set(stranger.headers).expect(404);
      await http().get('/auth/me').set(bearer).expect(200);

      const revoked = await http().delete(`/auth/tokens/${row.id}`).set(user.headers).expect(200);
      expect(revoked.body.revokedAt).toEqual(expect.any(String));
      const refused = await http().get('/auth/me').set(bearer).expect(401);
      expect(refused.body.message).toMatch(/Bearer/);
      await http().get('/review-items').set(bearer).expect(401);
      // The other token of the same user still works.
      await http().get('/auth/me').set(user.headers).expect(200);
    });

    it('refuses malformed and unknown tokens alike (401), and revokes by the listed prefix too', async () => {
      for (const value of ['Bearer ', 'Bearer smt_', 'Bearer not-a-token', `Bearer smt_${'A'.repeat(43)}`, 'Basic YWRtaW46YWRtaW4=']) {
        const res = await http().get('/auth/me').set('Authorization', value);
        expect(res.status).toBe(401);
      }
      const admin = await createTestUser(app, 'admin');
      const owner = await createTestUser(app, 'viewer');
      const prefix = owner.headers.Authorization.slice('Bearer '.length, 'Bearer '.length + 10);
      // An admin may revoke anyone's token.
      await http().delete(`/auth/tokens/${prefix}`).set(admin.headers).expect(200);
      await http().get('/auth/me').set(owner.headers).expect(401);
      await http().delete('/auth/tokens/smt_nothing').set(admin.headers).expect(404);
    });

    it('refuses a token without a usable name (400)', async () => {
      const user = await createTestUser(app, 'viewer');
      for (const body of [{}, { name: '   ' }, { name: 'x'.repeat(101) }, { name: 42 }]) {
        const res = await http().post('/auth/tokens').set(user.headers).send(body);
        expect(res.status).toBe(400);
        expect(res.body.message).toMatch(/^name: /);
      }
    });
  });

  describe('security headers', () => {
    it('sends a strict Content-Security-Policy and helmet\'s headers on pages, API answers and errors', async () => {
      const user = await createTestUser(app, 'admin');
      const loginPage = await http().get('/login').expect(200);
      expect(loginPage.headers['content-type']).toMatch(/text\/html/);
      expectStrictSecurityHeaders(loginPage);
      // The page loads its one script from our own origin, never inline.
      expect(loginPage.text).not.toMatch(/<script(?![^>]*\ssrc=)[^>]*>/i);
      expect(loginPage.text).not.toMatch(/\son[a-z]+=/i);

      expectStrictSecurityHeaders(await http().get('/auth/me').set(user.headers).expect(200));
      expectStrictSecurityHeaders(await http().get('/sources').set(user.headers).expect(200));
      expectStrictSecurityHeaders(await http().get('/sources').expect(401));
      expectStrictSecurityHeaders(await http().get('/health').expect(200));
      const session = await loginSession(app, user);
      expectStrictSecurityHeaders(await http().get('/app').set('Cookie', session.cookie).expect(200));
    });

    it('allows inline styles only to the third-party pages, and scripts stay same-origin there too', async () => {
      const docs = await http().get('/docs').redirects(1);
      expect(docs.status).toBe(200);
      const csp = cspOf(docs);
      expect(csp.get('script-src')).toEqual(["'self'"]);
      expect(csp.get('style-src')).toEqual(["'self'", "'unsafe-inline'"]);
      expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
      expect(docs.headers['x-content-type-options']).toBe('nosniff');
    });
  });

  describe('the users command line', () => {
    const cli = (...args: string[]) =>
      runCli(args, { DATABASE_URL: env.databaseUrl, REDIS_URL: env.config.redisUrl, QUEUE_PREFIX: env.config.queuePrefix, PUBLIC_BASE_URL: 'https://monitor.example.org' });

    it('creates the first admin, whose printed password and address sign in', async () => {
      expect(await prisma.user.count({ where: { username: 'alice' } })).toBe(0);
      const res = await cli('users', 'create-admin', 'Alice');
      expect(res.stderr).toBe('');
      expect(res.status).toBe(0);
      expect(res.stdout).toContain('Created admin "alice".');
      const password = /Password \(shown once, change it after signing in\): (\S+)/.exec(res.stdout)?.[1];
      expect(password).toBeDefined();
      expect(password!.length).toBeGreaterThanOrEqual(12);
      const signIn = /Sign in at (\S+)/.exec(res.stdout)?.[1];
      expect(signIn).toBe('https://monitor.example.org/login');

      // What the person does next: open the printed address, fill in the form.
      const path = new URL(signIn!).pathname;
      const form = await http().get(path).expect(200);
      expect(form.text).toContain('name="password"');
      const login = await http().post(path).type('form').send({ username: 'alice', password }).redirects(0).expect(303);
      expect(login.headers.location).toBe('/app');
      const cookie = sessionCookieOf(login).header;
      await http().get('/app/users').set('Cookie', cookie).expect(200);
      const me = await http().get('/auth/me').set('Cookie', cookie).expect(200);
      expect(me.body.user).toMatchObject({ username: 'alice', role: 'admin' });

      const row = await prisma.user.findUniqueOrThrow({ where: { username: 'alice' } });
      expect(row.passwordHash).toMatch(/^scrypt\$/);
      expect(row.passwordHash).not.toContain(password!);
      const audit = await prisma.auditEvent.findFirstOrThrow({ where: { action: 'user.created', entityId: row.id } });
      expect(audit.actor).toMatch(/^cli:/);
    });

    it('takes the password from stdin, where the process list and shell history never see it', async () => {
      const withInput = (input: string, ...args: string[]) =>
        runCli(args, { DATABASE_URL: env.databaseUrl, REDIS_URL: env.config.redisUrl, QUEUE_PREFIX: env.config.queuePrefix }, undefined, input);
      const res = await withInput('correct horse battery\nignored second line\n', 'users', 'create-admin', 'stdin-admin', '--password-stdin');
      expect(res.stderr).toBe('');
      expect(res.stdout).toContain('Created admin "stdin-admin".');
      expect(res.stdout).not.toContain('correct horse battery');
      expect(res.stdout).not.toMatch(/shown once/);
      await http().post('/login').type('form').send({ username: 'stdin-admin', password: 'correct horse battery' }).redirects(0).expect(303);

      const short = await withInput('too short\n', 'users', 'add', 'dave', '--role', 'analyst', '--password-stdin');
      expect(short.status).toBe(1);
      expect(short.stderr).toMatch(/at least 12 characters/);
      expect(await prisma.user.count({ where: { username: 'dave' } })).toBe(0);
    }, CLI_TIMEOUT_MS);

    /** Each case exits 1 with one line a person can act on (not a stack trace), and changes nothing. */
    async function expectRefused(cases: [string[], RegExp][]): Promise<void> {
      const before = { users: await prisma.user.count(), tokens: await prisma.apiToken.count() };
      for (const [args, message] of cases) {
        const res = await cli(...args);
        expect({ args, status: res.status }).toEqual({ args, status: 1 });
        expect(res.stderr).toMatch(message);
        expect(res.stderr).not.toMatch(/\n\s+at /);
      }
      expect({ users: await prisma.user.count(), tokens: await prisma.apiToken.count() }).toEqual(before);
    }

    it('refuses a bad account with a clear message and exit code 1, creating nothing', async () => {
      await expectRefused([
        [['users', 'create-admin', 'Bad Name!'], /username: 2 to 63 characters/],
        [['users', 'create-admin', 'alice'], /username: "alice" is taken/],
        [['users', 'add', 'bob', '--role', 'wizard'], /role: one of admin, analyst, viewer \(got "wizard"\)/],
        [['users', 'create-admin'], /missing required argument 'username'/],
      ]);
    }, CLI_TIMEOUT_MS);

    it('refuses a bad token command with a clear message and exit code 1', async () => {
      await expectRefused([
        [['users', 'tokens', 'create', 'nobody', '--name', 'ci'], /no user "nobody"/],
        [['users', 'tokens', 'create', 'alice'], /required option '--name <name>' not specified/],
        [['users', 'tokens', 'revoke', 'smt_nothing'], /no API token smt_nothing/],
      ]);
    }, CLI_TIMEOUT_MS);

    it('creates a token shown once that works as a bearer token, lists only its prefix, and revokes it', async () => {
      await createTestUser(app, 'analyst', 'carol');
      const created = await cli('users', 'tokens', 'create', 'carol', '--name', 'nightly export');
      expect(created.status).toBe(0);
      const token = /^(smt_\S+)$/m.exec(created.stdout)?.[1];
      expect(token).toBeDefined();
      expect(created.stdout).toContain('Send it as "Authorization: Bearer <token>".');
      const bearer = { Authorization: `Bearer ${token}` };
      expect((await http().get('/auth/me').set(bearer).expect(200)).body).toMatchObject({ user: { username: 'carol' }, via: 'token' });
      expect((await prisma.apiToken.findFirstOrThrow({ where: { name: 'nightly export', user: { username: 'carol' } } })).hash).toBe(sha256(token!));

      const list = await cli('users', 'tokens', 'list', 'carol');
      expect(list.status).toBe(0);
      const prefix = token!.slice(0, 10);
      expect(list.stdout).toMatch(new RegExp(`${prefix}\\.\\.\\.\\s+carol\\s+nightly export`));
      expect(list.stdout).not.toContain(token!.slice(10));

      const revoked = await cli('users', 'tokens', 'revoke', prefix);
      expect(revoked.status).toBe(0);
      expect(revoked.stdout).toContain(`Revoked token "nightly export" of carol (${prefix}...).`);
      await http().get('/auth/me').set(bearer).expect(401);
      expect((await prisma.apiToken.findFirstOrThrow({ where: { prefix } })).revokedAt).not.toBeNull();
    }, CLI_TIMEOUT_MS);
  });
});

describe('rate limits on login and on the API', () => {
  let env: TestEnv;
  let app: INestApplication;
  const http = () => request(app.getHttpServer());

  beforeAll(async () => {
    env = await createTestEnv({ RATE_LIMIT_LOGIN_PER_MINUTE: '3', RATE_LIMIT_API_PER_MINUTE: '6' });
    app = await startApiApp(env);
  });

  afterAll(async () => {
    await app?.close();
    await env?.cleanup();
  });

  it('answers 429 to the API beyond RATE_LIMIT_API_PER_MINUTE per credential, across all routes', async () => {
    const user = await createTestUser(app, 'analyst');
    const paths = ['/auth/me', '/sources', '/review-items', '/auth/tokens', '/rules', '/auth/me'];
    for (const path of paths) {
      const res = await http().get(path).set(user.headers);
      expect({ path, status: res.status }).toEqual({ path, status: 200 });
    }
    const limited = await http().get('/sources').set(user.headers);
    expect(limited.status).toBe(429);
    expect(limited.body.message).toBe('too many requests: wait a minute and try again');
    expect(Number(limited.headers['retry-after-api'])).toBeGreaterThan(0);
    expectStrictSecurityHeaders(limited);
    await http().get('/auth/me').set(user.headers).expect(429);

    // Another credential, even of the same person, has its own budget.
    const colleague = await createTestUser(app, 'analyst');
    await http().get('/auth/me').set(colleague.headers).expect(200);
    const session = await loginSession(app, user);
    await http().get('/auth/me').set('Cookie', session.cookie).expect(200);
  });

  it('answers 429 to sign-ins beyond RATE_LIMIT_LOGIN_PER_MINUTE from one address, on both sign-in routes, even with the right password', async () => {
    const user = await createTestUser(app, 'viewer');
    await http().post('/auth/login').send({ username: user.username, password: 'wrong password one' }).expect(401);
    await http().post('/login').type('form').send({ username: user.username, password: 'wrong password two' }).expect(401);
    await http().post('/auth/login').send({ username: user.username, password: TEST_PASSWORD }).expect(200);
    const limited = await http().post('/auth/login').send({ username: user.username, password: TEST_PASSWORD });
    expect(limited.status).toBe(429);
    expect(limited.headers['set-cookie']).toBeUndefined();
    expect(Number(limited.headers['retry-after-login'])).toBeGreaterThan(0);
    await http().post('/login').type('form').send({ username: user.username, password: TEST_PASSWORD }).expect(429);
    // The limit cut the guesses before they reached the account: no lockout counted for them.
    const row = await app.get(PrismaService).user.findUniqueOrThrow({ where: { username: user.username } });
    expect(row).toMatchObject({ failedLogins: 0, lockedUntil: null });
    // Signed-in work goes on: the login limit is for sign-ins only.
    await http().get('/auth/me').set(user.headers).expect(200);
  });
});
