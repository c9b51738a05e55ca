import { SetMetadata } from '@nestjs/common';

export const LOGIN_RATE_LIMITED = 'auth:login-rate-limited';

/** Puts a route under the (much lower) login rate limit as well as the API one. */
export const LoginRateLimited = () => SetMetadata(LOGIN_RATE_LIMITED, true);
