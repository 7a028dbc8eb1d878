import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { AppConfig } from '../../infra/config/app-config';
import { generatePassword } from './user-rules';
import { UsersService } from './users.service';

export interface AdminBootstrapResult {
  /** True on the first start (the Super Admin was created now). */
  created: boolean;
  /** The generated password, only when created without FLEETWARD_ADMIN_PASSWORD. Print once, never log. */
  generatedPassword?: string;
}

/**
 * Creates the built-in Super Admin `admin` on the first start (in onModuleInit, so the roles module's
 * onApplicationBootstrap finds him): with FLEETWARD_ADMIN_PASSWORD, or a generated password that must be changed.
 */
@Injectable()
export class AdminBootstrapService implements OnModuleInit {
  private readonly logger = new Logger('AdminBootstrap');
  private outcome: AdminBootstrapResult = { created: false };

  constructor(
    private readonly users: UsersService,
    private readonly config: AppConfig,
  ) {}

  get result(): AdminBootstrapResult {
    return this.outcome;
  }

  async onModuleInit(): Promise<void> {
    const given = this.config.auth.adminPassword;
    const password = given ?? generatePassword();
    const { created } = await this.users.ensureSuperAdmin(password, given === undefined);
    if (!created) return;
    this.outcome = given === undefined ? { created, generatedPassword: password } : { created };
    this.logger.log('Created the built-in Super Admin account "admin"');
  }
}
