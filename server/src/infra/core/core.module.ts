import { type DynamicModule, Global, Module } from '@nestjs/common';
import { Clock } from '../../common/clock/clock';
import { AppConfig } from '../config/app-config';
import { type MasterKeys } from '../crypto/master-key';
import { PasswordHasher } from '../crypto/password-hasher';
import { deriveKey, SecretBox } from '../crypto/secret-box';

/** Signing key of the access tokens, derived from the master key (a key rotation ends every session). */
export class JwtSigningKey {
  constructor(readonly secret: Buffer) {}
}

/** Process-wide services every module may inject: config, clock, SecretBox, password hashing. */
@Global()
@Module({})
export class CoreModule {
  static forRoot(options: { config: AppConfig; clock: Clock; masterKeys: MasterKeys }): DynamicModule {
    const secretBox = new SecretBox({ primaryKey: options.masterKeys.primary, otherKeys: options.masterKeys.others });
    return {
      module: CoreModule,
      providers: [
        { provide: AppConfig, useValue: options.config },
        { provide: Clock, useValue: options.clock },
        { provide: SecretBox, useValue: secretBox },
        { provide: PasswordHasher, useValue: new PasswordHasher() },
        { provide: JwtSigningKey, useValue: new JwtSigningKey(deriveKey(options.masterKeys.primary, 'jwt-hs256')) },
      ],
      exports: [AppConfig, Clock, SecretBox, PasswordHasher, JwtSigningKey],
    };
  }
}
