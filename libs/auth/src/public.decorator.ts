import { SetMetadata } from '@nestjs/common';
import { PUBLIC_KEY } from './auth.constants';

/** A route anyone may call without credentials (health, login, unsubscribe links). */
export const Public = () => SetMetadata(PUBLIC_KEY, true);
