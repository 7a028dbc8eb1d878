import { Module } from '@nestjs/common';
import { APP_GUARD, DiscoveryModule } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { JwtSigningKey } from '../../infra/core/core.module';
import { UsersModule } from '../users/users.module';
import { ApiTokensService } from './api-tokens.service';
import { AuthStoreModule } from './auth-store.module';
import { AuthController } from './auth.controller';
import { AuthGuard } from './auth.guard';
import { AuthService } from './auth.service';
import { RouteDeclarationCheck } from './route-declaration.check';
import { SessionsService } from './sessions.service';

@Module({
  imports: [
    AuthStoreModule,
    UsersModule,
    DiscoveryModule,
    JwtModule.registerAsync({
      inject: [JwtSigningKey],
      useFactory: (key: JwtSigningKey) => ({ secret: key.secret, signOptions: { algorithm: 'HS256' } }),
    }),
  ],
  controllers: [AuthController],
  providers: [
    AuthService,
    SessionsService,
    ApiTokensService,
    RouteDeclarationCheck,
    { provide: APP_GUARD, useClass: AuthGuard },
  ],
  exports: [AuthService],
})
export class AuthModule {}
