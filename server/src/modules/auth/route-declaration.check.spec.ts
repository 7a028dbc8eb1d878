import { Permission } from '@fleetward/domain';
import { Controller, Get, Post } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import { describe, expect, it } from 'vitest';
import { RequirePermission, Unauthenticated } from '../../common/auth/require-permission.decorator';
import { RouteDeclarationCheck } from './route-declaration.check';

@Controller('things')
class MixedController {
  @Get()
  @RequirePermission(Permission.DeviceManagementRo)
  list(): string[] {
    return [];
  }

  @Get('open')
  @Unauthenticated()
  open(): string {
    return 'ok';
  }

  @Post()
  forgotten(): string {
    return 'oops';
  }

  helper(): number {
    return 1;
  }
}

@Controller('declared')
@RequirePermission(Permission.SystemManagement)
class ClassLevelController {
  @Get()
  list(): string[] {
    return [];
  }
}

describe('RouteDeclarationCheck', () => {
  it('fails the start and lists every route without a declaration', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [DiscoveryModule],
      controllers: [MixedController, ClassLevelController],
      providers: [RouteDeclarationCheck],
    }).compile();
    const sut = moduleRef.get(RouteDeclarationCheck);
    expect(sut.findUndeclared()).toEqual([
      { controller: 'MixedController', handler: 'forgotten', method: 'POST', path: 'things' },
    ]);
    expect(() => sut.onApplicationBootstrap()).toThrow(/POST things \(MixedController\.forgotten\)/);
  });
});
