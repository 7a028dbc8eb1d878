/**
 * The device groups a caller reaches. Every repository query that reads scoped data takes one as a
 * REQUIRED parameter, so an unscoped query does not type-check. `AccessScope` satisfies it.
 */
export interface DeviceGroupScope {
  /** True: every group, including groups created later (a role with "all device groups"). */
  readonly allDeviceGroups: boolean;
  /** The reachable group ids when `allDeviceGroups` is false. */
  readonly deviceGroupIds: ReadonlySet<string>;
}

/** Group ids the scope reaches among `ids` (all of them when the scope covers every group). */
export function groupIdsInScope(scope: DeviceGroupScope, ids: Iterable<string>): string[] {
  return [...ids].filter((id) => scope.allDeviceGroups || scope.deviceGroupIds.has(id));
}
