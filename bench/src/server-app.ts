/** The real server as the server bench (parts 4 and 5) uses it, in-process. */
export { startServer, type StartedServer } from '../../server/src/bootstrap';
export { Clock } from '../../server/src/common/clock/clock';
export { EdgeClient } from '../../server/src/edge-client';
export { SecretBox } from '../../server/src/infra/crypto/secret-box';
export { DeviceInventoryService, INGEST_CHUNK } from '../../server/src/modules/devices/device-inventory.service';
export { DeviceEntity, DeviceGroupMemberEntity } from '../../server/src/modules/devices/device.entity';
export {
  DeviceCounterReadingEntity,
  DeviceStatusHistoryEntity,
  DeviceSupplyReadingEntity,
} from '../../server/src/modules/history/history.entities';
export { PollingScheduler } from '../../server/src/modules/polling/polling-scheduler';
