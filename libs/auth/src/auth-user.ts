import type { Role } from './role';

/** Who made a request, as the guard sets it on `request.user`. */
export interface AuthUser {
  id: string;
  username: string;
  role: Role;
}

/** How the request was authenticated; pages read the CSRF token from here. */
export interface AuthContext {
  via: 'session' | 'token';
  /** The session's CSRF token (cookie sessions only). */
  csrfToken?: string;
  /** Session id (the SHA-256 of the cookie value), for logout. */
  sessionId?: string;
}

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      user?: AuthUser;
      auth?: AuthContext;
    }
  }
}
