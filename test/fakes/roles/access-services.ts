import { randomBytes } from 'node:crypto';
/* eslint-disable no-restricted-imports -- wires server services over fakes; server code has no path alias. */
import type { AccessScope } from '@fleetward/domain';
import { SecretBox } from '../../../server/src/infra/crypto/secret-box';
import { type DeviceGroupRepository } from '../../../server/src/modules/device-groups/device-group.repository';
import { DeviceGroupsService } from '../../../server/src/modules/device-groups/device-groups.service';
import { type DeviceRepository } from '../../../server/src/modules/devices/device.repository';
import { DevicesService } from '../../../server/src/modules/devices/devices.service';
import type { EdgeActivationService } from '../../../server/src/modules/edges/edge-activation.service';
import type { EdgeCaService } from '../../../server/src/modules/edges/edge-ca.service';
import { type EdgeRepository } from '../../../server/src/modules/edges/edge.repository';
import { EdgesService } from '../../../server/src/modules/edges/edges.service';
import { RoleAccessResolver } from '../../../server/src/modules/roles/role-access.resolver';
import { type RoleRepository } from '../../../server/src/modules/roles/role.repository';
import { RolesService } from '../../../server/src/modules/roles/roles.service';
import { FakeClock } from '../../support/fake-clock';
import { FakeRoleRepository } from './fake-role.repository';
import {
  FakeAccessWorld,
  FakeDeviceGroupRepository,
  FakeDeviceRepository,
  FakeEdgeRepository,
} from './fake-scoped.repositories';

/**
 * The access-model services (roles, device groups, devices, edges) wired over in-memory fakes, with a
 * seeded built-in role and users `admin` (Super Admin), plus any `users` given.
 */
export async function buildAccessServices(users: string[] = []) {
  const roleRepo = new FakeRoleRepository().addUser('admin', true);
  users.forEach((u) => roleRepo.addUser(u));
  const world = new FakeAccessWorld(roleRepo);
  const clock = new FakeClock();
  const roles = new RolesService(roleRepo as unknown as RoleRepository, clock);
  const resolver = new RoleAccessResolver(roleRepo as unknown as RoleRepository);
  const groups = new DeviceGroupsService(
    new FakeDeviceGroupRepository(world) as unknown as DeviceGroupRepository,
    roles,
    clock,
  );
  const secretBox = new SecretBox({ primaryKey: randomBytes(32) });
  // Activation codes and the edge CA need the server's TLS files: stand-ins (edges-activation tests use the real ones).
  const activation = {
    newCode: () => ({
      code: `FWA1-fake-${randomBytes(4).toString('hex')}`,
      hash: randomBytes(32).toString('hex'),
      expiresAt: new Date(clock.now().getTime() + 86_400_000),
    }),
  } as unknown as EdgeActivationService;
  const ca = {} as unknown as EdgeCaService;
  const edges = new EdgesService(
    new FakeEdgeRepository(world) as unknown as EdgeRepository,
    roles,
    clock,
    secretBox,
    activation,
    ca,
  );
  const devices = new DevicesService(
    new FakeDeviceRepository(world) as unknown as DeviceRepository,
    groups,
    edges,
    clock,
  );
  await roles.ensureBuiltInRole();
  const scopeOf = (userId: string): Promise<AccessScope> =>
    resolver.resolve({ id: userId, isSuperAdmin: userId === 'admin' });
  const builtInId = async (): Promise<string> => (await roleRepo.findBuiltIn())!.id;
  return { roleRepo, world, clock, roles, resolver, groups, edges, devices, scopeOf, builtInId };
}
