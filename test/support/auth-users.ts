import { Role, SessionsService, UsersService } from '@app/auth';
import { INestApplication } from '@nestjs/common';
import { randomBytes } from 'node:crypto';

export const TEST_PASSWORD = 'correct horse battery staple';

export interface TestUser {
  username: string;
  password: string;
  role: Role;
  /** An API token of the user's: `{ Authorization: 'Bearer ...' }` for supertest's .set(). */
  headers: { Authorization: string };
}

/**
 * A user of `role` with a password and an API token, made through the real
 * UsersService (hashing, audit), in the app's own database.
 */
export async function createTestUser(app: INestApplication, role: Role, username = `${role}-${randomBytes(3).toString('hex')}`): Promise<TestUser> {
  const users = app.get(UsersService);
  await users.create({ username, password: TEST_PASSWORD, role, displayName: `Test ${role}` }, 'test');
  const { token } = await users.createToken(username, 'e2e', 'test');
  return { username, password: TEST_PASSWORD, role, headers: { Authorization: `Bearer ${token}` } };
}

/** The Authorization header of a fresh admin: what the API suites send now that every route needs a role. */
export async function adminHeaders(app: INestApplication): Promise<{ Authorization: string }> {
  return (await createTestUser(app, 'admin')).headers;
}

/** A signed-in cookie session for `user`: the Cookie header and its CSRF token. */
export async function loginSession(app: INestApplication, user: Pick<TestUser, 'username' | 'password'>): Promise<{ cookie: string; csrfToken: string }> {
  const s = await app.get(SessionsService).login(user.username, user.password);
  return { cookie: `sm_session=${s.cookieValue}`, csrfToken: s.csrfToken };
}
