import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ApiTokenEntity } from './api-token.entity';
import { ApiTokenRepository, LoginFailureRepository, RefreshTokenRepository } from './auth-store.repositories';
import { LoginFailureEntity } from './login-failure.entity';
import { RefreshTokenEntity } from './refresh-token.entity';

/** Storage of sessions, API tokens and login failures; shared by the auth and users modules. */
@Module({
  imports: [TypeOrmModule.forFeature([RefreshTokenEntity, ApiTokenEntity, LoginFailureEntity])],
  providers: [RefreshTokenRepository, ApiTokenRepository, LoginFailureRepository],
  exports: [RefreshTokenRepository, ApiTokenRepository, LoginFailureRepository],
})
export class AuthStoreModule {}
