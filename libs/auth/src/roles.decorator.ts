import { SetMetadata } from '@nestjs/common';
import { ROLES_KEY } from './auth.constants';
import type { Role } from './role';

/**
 * The least powerful role allowed on a route or controller (higher roles are
 * included). Every route must carry this or @Public(): the guard refuses the rest.
 */
export const Roles = (...roles: [Role, ...Role[]]) => SetMetadata(ROLES_KEY, roles);
