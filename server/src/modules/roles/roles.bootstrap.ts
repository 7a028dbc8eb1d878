import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { RolesService } from './roles.service';

/** Seeds (or repairs) the built-in Super Admin role once the users module has created the admin user. */
@Injectable()
export class RolesBootstrap implements OnApplicationBootstrap {
  constructor(private readonly roles: RolesService) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.roles.ensureBuiltInRole();
  }
}
