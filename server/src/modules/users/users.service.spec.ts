import { type AccessScope, Permission } from '@fleetward/domain';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  FakePasswordHasher,
  FixedAccessResolver,
  InMemoryLoginFailureRepository,
  InMemoryRefreshTokenRepository,
  InMemoryUserRepository,
} from '../../../../test/fakes/in-memory-identity';
import { FakeClock } from '../../../../test/support/fake-clock';
import type { AuthenticatedUser } from '../../common/auth/request-context';
import { SecretBox } from '../../infra/crypto/secret-box';
import { superAdminScope } from '../auth/access-scope';
import type { LoginFailureRepository, RefreshTokenRepository } from '../auth/auth-store.repositories';
import type { UserRepository } from './user.repository';
import { UsersService } from './users.service';

describe('UsersService', () => {
  let users: InMemoryUserRepository;
  let refreshTokens: InMemoryRefreshTokenRepository;
  let failures: InMemoryLoginFailureRepository;
  let resolver: FixedAccessResolver;
  let clock: FakeClock;
  let secretBox: SecretBox;
  let sut: UsersService;
  let admin: AuthenticatedUser;
  let manager: AuthenticatedUser;
  let adminAccess: AccessScope;
  let managerAccess: AccessScope;

  beforeEach(async () => {
    users = new InMemoryUserRepository();
    refreshTokens = new InMemoryRefreshTokenRepository();
    failures = new InMemoryLoginFailureRepository();
    resolver = new FixedAccessResolver();
    clock = new FakeClock();
    secretBox = new SecretBox({ primaryKey: Buffer.alloc(32, 3) });
    sut = new UsersService(
      users as unknown as UserRepository,
      refreshTokens as unknown as RefreshTokenRepository,
      failures as unknown as LoginFailureRepository,
      resolver,
      new FakePasswordHasher(),
      secretBox,
      clock,
    );
    const { id } = await sut.ensureSuperAdmin('Admin-Password-1', false);
    admin = {
      id,
      username: 'admin',
      displayName: 'Super Admin',
      isSuperAdmin: true,
      mustChangePassword: false,
      via: 'jwt',
    };
    const created = await sut.create({ username: 'manager', displayName: 'Manager', password: 'Manager-Password-1' });
    manager = {
      id: created.id,
      username: 'manager',
      displayName: 'Manager',
      isSuperAdmin: false,
      mustChangePassword: false,
      via: 'jwt',
    };
    adminAccess = superAdminScope(admin.id);
    resolver.permissions.set(manager.id, [Permission.UserManagement, Permission.DeviceManagementRw]);
    managerAccess = await resolver.resolve(manager);
  });

  it('creates users who must change their password, storing the e-mail only encrypted', async () => {
    const created = await sut.create({
      username: 'J.Smith',
      displayName: ' John ',
      email: 'John@Example.com',
      password: 'A-long-password-1',
    });
    expect(created).toMatchObject({
      username: 'J.Smith',
      displayName: 'John',
      email: 'John@Example.com',
      mustChangePassword: true,
    });
    const row = users.rows.get(created.id)!;
    expect(row.emailEncrypted).toMatch(/^v1:/);
    expect(row.emailEncrypted).not.toContain('Example');
    expect(row.emailHmac).toBe(secretBox.hmac('john@example.com'));
  });

  it('refuses duplicate usernames case-insensitively', async () => {
    await expect(
      sut.create({ username: 'MANAGER', displayName: 'x', password: 'Another-password-1' }),
    ).rejects.toMatchObject({
      code: 'USERNAME_TAKEN',
      status: 409,
    });
  });

  it('applies the username and password rules', async () => {
    await expect(
      sut.create({ username: 'a b', displayName: 'x', password: 'Another-password-1' }),
    ).rejects.toMatchObject({
      code: 'INVALID_USERNAME',
    });
    await expect(sut.create({ username: 'carol.k', displayName: 'x', password: 'carol.k' })).rejects.toMatchObject({
      code: 'PASSWORD_POLICY',
    });
    await expect(
      sut.create({ username: 'carol.kk.long', displayName: 'x', password: 'Carol.KK.Long' }),
    ).rejects.toMatchObject({
      code: 'PASSWORD_POLICY',
    });
  });

  it('lists with paging and search by name or exact e-mail, with role ids and lock state', async () => {
    await sut.create({
      username: 'zed',
      displayName: 'Zed Printer',
      email: 'zed@example.com',
      password: 'Zed-password-12',
    });
    resolver.roles.set(manager.id, ['role-1']);
    failures.rows.set('manager', {
      failureCount: 5,
      windowStartedAt: clock.now(),
      lockedUntil: new Date(clock.now().getTime() + 60_000),
    });
    const page = await sut.list({ page: 1, pageSize: 2 });
    expect(page).toMatchObject({ total: 3, page: 1, pageSize: 2 });
    expect(page.items.map((u) => u.username)).toEqual(['admin', 'manager']);
    expect(page.items[1]).toMatchObject({ roleIds: ['role-1'], lockedUntil: '2026-01-15T09:01:00.000Z' });
    expect((await sut.list({ search: 'printer' })).items.map((u) => u.username)).toEqual(['zed']);
    expect((await sut.list({ search: 'ZED@example.com' })).items.map((u) => u.username)).toEqual(['zed']);
  });

  it('protects the Super Admin from deletion, disabling and management by others', async () => {
    await expect(sut.delete(manager, managerAccess, admin.id)).rejects.toMatchObject({
      code: 'SUPER_ADMIN_PROTECTED',
      status: 403,
    });
    await expect(sut.delete(admin, adminAccess, admin.id)).rejects.toMatchObject({ code: 'SUPER_ADMIN_PROTECTED' });
    await expect(sut.update(admin, adminAccess, admin.id, { disabled: true })).rejects.toMatchObject({
      code: 'SUPER_ADMIN_PROTECTED',
    });
    await expect(sut.update(manager, managerAccess, admin.id, { displayName: 'Owned' })).rejects.toMatchObject({
      code: 'SUPER_ADMIN_PROTECTED',
    });
    await expect(sut.resetPassword(manager, managerAccess, admin.id, 'Taken-over-password-1')).rejects.toMatchObject({
      code: 'SUPER_ADMIN_PROTECTED',
    });
    await expect(sut.update(admin, adminAccess, admin.id, { displayName: 'Chief' })).resolves.toMatchObject({
      displayName: 'Chief',
    });
  });

  it('lets a user manager manage only users whose rights he holds himself', async () => {
    const weaker = await sut.create({ username: 'viewer', displayName: 'Viewer', password: 'Viewer-password-1' });
    resolver.permissions.set(weaker.id, [Permission.DeviceManagementRo]);
    const stronger = await sut.create({ username: 'sysop', displayName: 'Sysop', password: 'Sysop-password-12' });
    resolver.permissions.set(stronger.id, [Permission.SystemManagement, Permission.UserManagement]);

    await expect(sut.update(manager, managerAccess, weaker.id, { displayName: 'V' })).resolves.toMatchObject({
      displayName: 'V',
    });
    await expect(sut.resetPassword(manager, managerAccess, weaker.id, 'Viewer-reset-pass-1')).resolves.toBeDefined();
    for (const attempt of [
      () => sut.resetPassword(manager, managerAccess, stronger.id, 'Taken-over-pass-1'),
      () => sut.update(manager, managerAccess, stronger.id, { disabled: true }),
      () => sut.delete(manager, managerAccess, stronger.id),
    ]) {
      await expect(attempt()).rejects.toMatchObject({
        code: 'USER_OUTRANKS_CALLER',
        status: 403,
        message: expect.stringContaining('system-management'),
      });
    }
    await expect(sut.resetPassword(admin, adminAccess, stronger.id, 'Admin-reset-pass-1')).resolves.toBeDefined();
    await expect(sut.delete(manager, managerAccess, weaker.id)).resolves.toBeUndefined();
  });

  it('refuses deleting yourself and unknown ids', async () => {
    await expect(sut.delete(manager, managerAccess, manager.id)).rejects.toMatchObject({ code: 'CANNOT_DELETE_SELF' });
    await expect(sut.get('00000000-0000-4000-8000-000000000000')).rejects.toMatchObject({
      code: 'USER_NOT_FOUND',
      status: 404,
    });
  });

  it('ends all sessions when disabling a user or resetting his password', async () => {
    const session = {
      id: 's1',
      userId: manager.id,
      familyId: 'f1',
      tokenHash: 'h',
      expiresAt: new Date(clock.now().getTime() + 3_600_000),
      revokedAt: null,
      replacedBy: null,
      createdAt: clock.now(),
    };
    await refreshTokens.insert(session);
    await sut.update(admin, adminAccess, manager.id, { disabled: true });
    expect(await refreshTokens.isFamilyActive('f1', clock.now())).toBe(false);

    await refreshTokens.insert({ ...session, id: 's2', familyId: 'f2', tokenHash: 'h2' });
    failures.rows.set('manager', { failureCount: 2, windowStartedAt: clock.now(), lockedUntil: null });
    const reset = await sut.resetPassword(admin, adminAccess, manager.id, 'Fresh-password-12');
    expect(reset.mustChangePassword).toBe(true);
    expect(await refreshTokens.isFamilyActive('f2', clock.now())).toBe(false);
    expect(failures.rows.has('manager')).toBe(false);
  });

  it('removes and replaces e-mail addresses', async () => {
    await sut.update(admin, adminAccess, manager.id, { email: 'm@example.com' });
    expect((await sut.get(manager.id)).email).toBe('m@example.com');
    await sut.update(admin, adminAccess, manager.id, { email: null });
    expect((await sut.get(manager.id)).email).toBeNull();
    expect(users.rows.get(manager.id)!.emailHmac).toBeNull();
  });

  it('creates the Super Admin only once', async () => {
    expect(await sut.ensureSuperAdmin('Other-password-12', true)).toEqual({ created: false, id: admin.id });
    expect([...users.rows.values()].filter((u) => u.isSuperAdmin)).toHaveLength(1);
  });
});
