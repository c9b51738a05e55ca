export const ROLES_KEY = 'auth:roles';
export const PUBLIC_KEY = 'auth:public';
/** The login cookie; its value is a random secret whose SHA-256 is the Session id. */
export const SESSION_COOKIE = 'sm_session';
/** Cookie-authenticated requests that change something carry the session's CSRF token in this header (or a `_csrf` form field). */
export const CSRF_HEADER = 'x-csrf-token';
export const CSRF_FIELD = '_csrf';
/** API tokens start with this, so a leaked one is easy to recognise (and to scan for). */
export const TOKEN_PREFIX = 'smt_';
