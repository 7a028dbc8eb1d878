import type {
  ApiTokenResponse,
  CreatedApiTokenResponse,
  CurrentUserResponse,
  LoginResponse,
  TokenPair,
} from '@fleetward/contracts';
import { Permission } from '@fleetward/domain';
import { Body, Controller, Delete, Get, HttpCode, Param, Post, Req } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { AllowWhilePasswordChangeRequired } from '../../common/auth/allow-while-password-change.decorator';
import { CurrentUser } from '../../common/auth/current-access.decorator';
import type { AuthenticatedUser, FleetwardRequest } from '../../common/auth/request-context';
import { RequirePermission, Unauthenticated } from '../../common/auth/require-permission.decorator';
import { UuidParamPipe } from '../../common/http/uuid-param.pipe';
import { ApiTokensService } from './api-tokens.service';
import { ChangePasswordDto, CreateApiTokenDto, LoginDto, LogoutDto, RefreshDto } from './auth.dto';
import { AuthService } from './auth.service';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly apiTokens: ApiTokensService,
  ) {}

  @Post('login')
  @HttpCode(200)
  @Unauthenticated()
  @ApiOperation({ summary: 'Sign in: access token (JWT) + rotating refresh token' })
  async login(@Req() req: FleetwardRequest, @Body() body: LoginDto): Promise<LoginResponse> {
    req.audit = { ...req.audit, actorName: body.username.slice(0, 64), targetId: null };
    const { userId, ...response } = await this.auth.login(body.username, body.password);
    req.audit = { ...req.audit, actorId: userId, targetType: 'users', targetId: userId };
    return response;
  }

  @Post('refresh')
  @HttpCode(200)
  @Unauthenticated()
  @ApiOperation({ summary: 'Exchange a refresh token for a new pair (the old one stops working)' })
  async refresh(@Req() req: FleetwardRequest, @Body() body: RefreshDto): Promise<TokenPair> {
    const { userId, ...pair } = await this.auth.refresh(body.refreshToken);
    req.audit = { ...req.audit, actorId: userId, targetType: 'users', targetId: userId };
    return pair;
  }

  @Post('logout')
  @HttpCode(204)
  @RequirePermission(Permission.Public)
  @AllowWhilePasswordChangeRequired()
  @ApiOperation({ summary: 'Sign out: ends this session (and the one of the given refresh token)' })
  logout(@CurrentUser() user: AuthenticatedUser, @Body() body: LogoutDto): Promise<void> {
    return this.auth.logout(user, body.refreshToken);
  }

  @Post('change-password')
  @HttpCode(204)
  @RequirePermission(Permission.Public)
  @AllowWhilePasswordChangeRequired()
  @ApiOperation({ summary: 'Change your own password; ends your other sessions' })
  changePassword(@CurrentUser() user: AuthenticatedUser, @Body() body: ChangePasswordDto): Promise<void> {
    return this.auth.changePassword(user, body.currentPassword, body.newPassword);
  }

  @Get('me')
  @RequirePermission(Permission.Public)
  @AllowWhilePasswordChangeRequired()
  @ApiOperation({ summary: 'The signed-in user with his effective permissions and scope' })
  me(@CurrentUser() user: AuthenticatedUser): Promise<CurrentUserResponse> {
    return this.auth.me(user);
  }

  @Get('tokens')
  @RequirePermission(Permission.Public)
  @ApiOperation({ summary: 'Your personal API tokens' })
  listTokens(@CurrentUser() user: AuthenticatedUser): Promise<ApiTokenResponse[]> {
    return this.apiTokens.list(user.id);
  }

  @Post('tokens')
  @RequirePermission(Permission.Public)
  @ApiOperation({ summary: 'Create a personal API token (shown once; acts with your current rights)' })
  createToken(
    @CurrentUser() user: AuthenticatedUser,
    @Body() body: CreateApiTokenDto,
  ): Promise<CreatedApiTokenResponse> {
    return this.apiTokens.create(user.id, body);
  }

  @Delete('tokens/:id')
  @HttpCode(204)
  @RequirePermission(Permission.Public)
  @ApiOperation({ summary: 'Revoke one of your API tokens' })
  revokeToken(@CurrentUser() user: AuthenticatedUser, @Param('id', new UuidParamPipe()) id: string): Promise<void> {
    return this.apiTokens.revoke(user.id, id);
  }
}
