import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ApplicationRef } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { MAT_DIALOG_DATA, MatDialogRef } from '@angular/material/dialog';
import type { DeviceGroupResponse, EdgeSummaryResponse } from '@fleetward/contracts';
import { GRANTABLE_PERMISSIONS, Permission } from '@fleetward/domain';
import { FwI18nService } from '../../core/i18n/i18n.service';
import { roleFactory, userFactory } from '../../core/test-factories';
import { FwRoleFormDialog, type FwRoleFormData } from './role-form.dialog';
import { copyRoleOptions, editRoleOptions } from './role-options';

function group(id: string, name = id): DeviceGroupResponse {
  return { id, name, description: '', deviceCount: 0, createdAt: '', updatedAt: '' };
}
const edge = (id: string, name = id): EdgeSummaryResponse => ({ id, name });
const known = {
  deviceGroups: [group('g1', 'Tokyo'), group('g2', 'Osaka'), group('g3', 'Nagoya')],
  edges: [edge('e1'), edge('e2')],
};

describe('copyRoleOptions', () => {
  it('offers only what is in the source AND held by the user, per dimension', () => {
    const source = roleFactory({
      permissions: [Permission.UserManagement, Permission.RoleManagement, Permission.SystemManagement],
      deviceGroupIds: ['g1', 'g2'],
      edgeIds: ['e1', 'e2'],
    });
    const user = userFactory({
      permissions: [
        Permission.Public,
        Permission.RoleManagement,
        Permission.SystemManagement,
        Permission.AdminTemplateManagement,
      ],
      deviceGroupIds: ['g2', 'g3'],
      edgeIds: ['e2'],
    });
    const o = copyRoleOptions(source, user, known);
    expect(o.permissions).toEqual([Permission.SystemManagement, Permission.RoleManagement]);
    expect(o.deviceGroups).toEqual([{ id: 'g2', label: 'Osaka' }]);
    expect(o.edges).toEqual([{ id: 'e2', label: 'e2' }]);
    expect(o.allDeviceGroupsAllowed).toBe(false);
    expect(o.allEdgesAllowed).toBe(false);
  });

  it('offers "all groups / all edges" only when both the source and the user have it', () => {
    const source = roleFactory({ allDeviceGroups: true, allEdges: true });
    const limited = copyRoleOptions(source, userFactory({ deviceGroupIds: ['g1'], edgeIds: [] }), known);
    expect(limited.allDeviceGroupsAllowed).toBe(false);
    expect(limited.deviceGroups.map((g) => g.id)).toEqual(['g1']);
    expect(limited.allEdgesAllowed).toBe(false);
    expect(limited.edges).toEqual([]);

    const admin = copyRoleOptions(source, userFactory({ isSuperAdmin: true }), known);
    expect(admin.allDeviceGroupsAllowed).toBe(true);
    expect(admin.deviceGroups.map((g) => g.label)).toEqual(['Nagoya', 'Osaka', 'Tokyo']);
    expect(admin.allEdgesAllowed).toBe(true);

    const notInSource = copyRoleOptions(
      roleFactory({ deviceGroupIds: ['g1'] }),
      userFactory({ isSuperAdmin: true }),
      known,
    );
    expect(notInSource.allDeviceGroupsAllowed).toBe(false);
    expect(notInSource.deviceGroups.map((g) => g.id)).toEqual(['g1']);
  });

  it('never offers Public, and lets the Super Admin copy everything the source has', () => {
    const source = roleFactory({ permissions: [Permission.Public, ...GRANTABLE_PERMISSIONS] });
    expect(copyRoleOptions(source, userFactory({ isSuperAdmin: true }), known).permissions).toEqual([
      ...GRANTABLE_PERMISSIONS,
    ]);
  });

  it('treats Device Management RW as covering RO (permissionSatisfied)', () => {
    const source = roleFactory({ permissions: [Permission.DeviceManagementRo, Permission.DeviceManagementRw] });
    const user = userFactory({ permissions: [Permission.DeviceManagementRw] });
    expect(copyRoleOptions(source, user, known).permissions).toEqual([
      Permission.DeviceManagementRw,
      Permission.DeviceManagementRo,
    ]);
    const roOnly = userFactory({ permissions: [Permission.DeviceManagementRo] });
    expect(copyRoleOptions(source, roOnly, known).permissions).toEqual([Permission.DeviceManagementRo]);
  });
});

describe('editRoleOptions', () => {
  it('offers what the role has (to keep or remove) plus what the editor holds (to add)', () => {
    const role = roleFactory({ permissions: [Permission.UserManagement], deviceGroupIds: ['g1'], edgeIds: [] });
    const editor = userFactory({ permissions: [Permission.RoleManagement], deviceGroupIds: ['g3'], edgeIds: ['e1'] });
    const o = editRoleOptions(role, editor, known);
    expect(o.permissions).toEqual([Permission.RoleManagement, Permission.UserManagement]);
    expect(o.deviceGroups.map((g) => g.id).sort()).toEqual(['g1', 'g3']);
    expect(o.edges.map((e) => e.id)).toEqual(['e1']);
    expect(o.allDeviceGroupsAllowed).toBe(false);
    expect(o.allEdgesAllowed).toBe(false);
  });
});

describe('FwRoleFormDialog (copy)', () => {
  afterEach(() => TestBed.resetTestingModule());

  function open(data: FwRoleFormData): {
    el: HTMLElement;
    backend: HttpTestingController;
    close: ReturnType<typeof vi.fn>;
  } {
    const close = vi.fn();
    TestBed.configureTestingModule({
      imports: [FwRoleFormDialog],
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        { provide: MAT_DIALOG_DATA, useValue: data },
        { provide: MatDialogRef, useValue: { close } },
      ],
    });
    TestBed.inject(FwI18nService).use('en');
    const fixture = TestBed.createComponent(FwRoleFormDialog);
    fixture.detectChanges();
    return { el: fixture.nativeElement as HTMLElement, backend: TestBed.inject(HttpTestingController), close };
  }

  const data: FwRoleFormData = {
    mode: 'copy',
    role: roleFactory({
      id: 'src',
      name: 'Site admins',
      permissions: [Permission.UserManagement, Permission.DeviceGroupManagement],
      deviceGroupIds: ['g1', 'g2'],
      edgeIds: ['e1'],
    }),
    user: userFactory({
      permissions: [Permission.RoleManagement, Permission.DeviceGroupManagement],
      deviceGroupIds: ['g2'],
      edgeIds: ['e1', 'e2'],
    }),
    known,
  };

  it('renders checkboxes only for allowed permissions, groups and edges', async () => {
    const { el } = open(data);
    await TestBed.inject(ApplicationRef).whenStable();
    const ids = [...el.querySelectorAll('mat-checkbox')].map((c) => c.getAttribute('data-testid'));
    expect(ids).toEqual(['role-permission-device-group-management', 'role-group-g2', 'role-edge-e1']);
    expect(el.textContent).toContain('Device Group Management');
    expect(el.textContent).not.toContain('User Management');
    expect((el.querySelector('[data-testid="role-name"]') as HTMLInputElement).value).toBe('Copy of Site admins');
  });

  it('sends a copy request limited to the offered options', async () => {
    const { el, backend, close } = open(data);
    (el.querySelector('form') as HTMLFormElement).dispatchEvent(new Event('submit'));
    const req = backend.expectOne('/api/v1/roles/src/copy');
    expect(req.request.method).toBe('POST');
    expect(req.request.body).toEqual({
      name: 'Copy of Site admins',
      description: '',
      permissions: [Permission.DeviceGroupManagement],
      allDeviceGroups: false,
      deviceGroupIds: ['g2'],
      allEdges: false,
      edgeIds: ['e1'],
    });
    req.flush(roleFactory({ id: 'copy', name: 'Copy of Site admins' }));
    await new Promise((r) => setTimeout(r, 0));
    expect(close).toHaveBeenCalledWith(expect.objectContaining({ id: 'copy' }));
  });

  it('shows the refusal of the API as sent', async () => {
    const { el, backend } = open(data);
    (el.querySelector('form') as HTMLFormElement).dispatchEvent(new Event('submit'));
    backend
      .expectOne('/api/v1/roles/src/copy')
      .flush(
        { code: 'ROLE_COPY_NOT_MEMBER', message: 'Only members of a role may copy it.', correlationId: 'c' },
        { status: 403, statusText: 'Forbidden' },
      );
    await new Promise((r) => setTimeout(r, 0));
    TestBed.tick();
    expect(el.querySelector('[data-testid="role-form-error"]')?.textContent).toContain(
      'Only members of a role may copy it.',
    );
  });
});
