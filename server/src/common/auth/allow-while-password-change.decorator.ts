import { SetMetadata } from '@nestjs/common';
import { ALLOW_WHILE_PASSWORD_CHANGE_KEY } from './auth.metadata';

/** The route stays usable while the caller must change his password (me, change-password, logout). */
export const AllowWhilePasswordChangeRequired = (): MethodDecorator & ClassDecorator =>
  SetMetadata(ALLOW_WHILE_PASSWORD_CHANGE_KEY, true);
