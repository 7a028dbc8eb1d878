import { Column, Entity, PrimaryColumn } from 'typeorm';
import { BooleanColumn, DateTimeColumn, UuidPrimaryColumn } from '../../infra/database/column-types';

@Entity({ name: 'roles' })
export class RoleEntity {
  @UuidPrimaryColumn()
  id!: string;

  @Column({ type: 'varchar', length: 100 })
  name!: string;

  /** Lower-cased name: uniqueness is case-insensitive on every driver. */
  @Column({ name: 'name_normalized', type: 'varchar', length: 100 })
  nameNormalized!: string;

  @Column({ type: 'varchar', length: 500 })
  description!: string;

  @BooleanColumn({ name: 'built_in' })
  builtIn!: boolean;

  @BooleanColumn({ name: 'all_device_groups' })
  allDeviceGroups!: boolean;

  @BooleanColumn({ name: 'all_edges' })
  allEdges!: boolean;

  @DateTimeColumn({ name: 'created_at' })
  createdAt!: Date;

  @DateTimeColumn({ name: 'updated_at' })
  updatedAt!: Date;
}

@Entity({ name: 'role_permissions' })
export class RolePermissionEntity {
  @PrimaryColumn({ name: 'role_id', type: 'varchar', length: 36 })
  roleId!: string;

  @PrimaryColumn({ type: 'varchar', length: 64 })
  permission!: string;
}

@Entity({ name: 'role_device_groups' })
export class RoleDeviceGroupEntity {
  @PrimaryColumn({ name: 'role_id', type: 'varchar', length: 36 })
  roleId!: string;

  @PrimaryColumn({ name: 'device_group_id', type: 'varchar', length: 36 })
  deviceGroupId!: string;
}

@Entity({ name: 'role_edges' })
export class RoleEdgeEntity {
  @PrimaryColumn({ name: 'role_id', type: 'varchar', length: 36 })
  roleId!: string;

  @PrimaryColumn({ name: 'edge_id', type: 'varchar', length: 36 })
  edgeId!: string;
}

@Entity({ name: 'role_members' })
export class RoleMemberEntity {
  @PrimaryColumn({ name: 'role_id', type: 'varchar', length: 36 })
  roleId!: string;

  @PrimaryColumn({ name: 'user_id', type: 'varchar', length: 36 })
  userId!: string;
}

@Entity({ name: 'role_administrators' })
export class RoleAdministratorEntity {
  @PrimaryColumn({ name: 'role_id', type: 'varchar', length: 36 })
  roleId!: string;

  @PrimaryColumn({ name: 'user_id', type: 'varchar', length: 36 })
  userId!: string;
}
