export { allocateAddresses } from './addresses';
export { ControlServer, type ControlServerOptions } from './control/control-server';
export {
  DEFAULT_ACTIVITY,
  DEFAULT_AUTO_FAULT_RATES,
  DeviceModel,
  systemClock,
  type ActivityOptions,
  type AlertView,
  type AutoFaultRates,
  type Clock,
  type DeviceEvent,
  type DeviceModelOptions,
  type DeviceView,
  type JobKind,
  type PrintOptions,
  type PrintResult,
  type SupplyView,
  type TrayView,
} from './model/device-model';
export { DeviceAuthRefusedError, DeviceSettingsStore, type SimulatedApplyOutcome } from './model/device-settings';
export { decodeErrorState, encodeErrorState, type ErrorStateOctets } from './model/error-state';
export { DEFAULT_FAMILY_MIX, FAMILY_IDS, FAMILY_PROFILES, type FamilyId, type FamilyProfile } from './model/families';
export { DEFAULT_ADMIN_PASSWORD, createDeviceSettingsStore, familySettingKeys } from './model/family-settings';
export { FAULT_NAMES, type FaultName, type FaultOptions } from './model/faults';
export * from './model/printer-mib.constants';
export { toDeviceEventDocument } from './notify/device-event-mapping';
export {
  DeviceEventPusher,
  type DeviceEventPusherOptions,
  type PushOutcome,
  type PusherStats,
} from './notify/device-event-pusher';
export * from './settings-files';
export {
  SimulatedDevice,
  startSimulator,
  type NotifyOptions,
  type Simulator,
  type SimulatorEvent,
  type SimulatorOptions,
} from './simulator';
export * from './simulator.errors';
export { OID, PRINTER_HR_DEVICE_INDEX, renderDeviceMib } from './snmp/device-mib';
export {
  DEFAULT_COMMUNITY,
  DEFAULT_V3_USER,
  ROTATED_SECRET_SUFFIX,
  SnmpBindError,
  type CommunityConfig,
  type V3UserConfig,
} from './snmp/snmp-agent';
export { deviceCertificate } from './xml-api/device-certificate';
export { XmlApiBindError, XmlApiFace } from './xml-api/xml-api-face';
