import { type MigrationInterface } from 'typeorm';
import { CreateIdentityTables1764000000000 } from './1764000000000-create-identity-tables';
import { CreateAccessTables1764000001000 } from './1764000001000-create-access-tables';
import { AddInventoryAndHistoryToDevices1764000002000 } from './1764000002000-add-inventory-and-history-to-devices';
import { CreateAlertTables1764000003000 } from './1764000003000-create-alert-tables';
import { AddEdgeConnectionAndPollSchedules1764000004000 } from './1764000004000-add-edge-connection-and-poll-schedules';
import { AddEdgeActivationAndCertificateAuthority1764000005000 } from './1764000005000-add-edge-activation-and-certificate-authority';
import { AddGroupPollPoliciesAndDiscoveryRuns1764000006000 } from './1764000006000-add-group-poll-policies-and-discovery-runs';
import { CreateTemplateAndDeliveryTables1764000007000 } from './1764000007000-create-template-and-delivery-tables';
import { CreateDriftCheckTables1764000007100 } from './1764000007100-create-drift-check-tables';
import { AddDeviceEventsCursorToEdges1764000008000 } from './1764000008000-add-device-events-cursor-to-edges';
import { AddDeviceListPageIndexes1764000009000 } from './1764000009000-add-device-list-page-indexes';
import { AddNotApplicableToDriftResults1764000020000 } from './1764000020000-add-not-applicable-to-drift-results';
import { AddAcceptAccessLossToDeliveries1764000021000 } from './1764000021000-add-accept-access-loss-to-deliveries';
import { AddDeviceSearch1764000022500 } from './1764000022500-add-device-search';
import { CreateTemplatePasswordFailures1764000024000 } from './1764000024000-create-template-password-failures';

type MigrationClass = new () => MigrationInterface;

/**
 * Every migration, in order. Append new classes at the end (timestamp-named, e.g.
 * `CreateAccessTables1764000001000`); never edit one that has shipped.
 */
export const MIGRATIONS: MigrationClass[] = [
  CreateIdentityTables1764000000000,
  CreateAccessTables1764000001000,
  AddInventoryAndHistoryToDevices1764000002000,
  CreateAlertTables1764000003000,
  AddEdgeConnectionAndPollSchedules1764000004000,
  AddEdgeActivationAndCertificateAuthority1764000005000,
  AddGroupPollPoliciesAndDiscoveryRuns1764000006000,
  CreateTemplateAndDeliveryTables1764000007000,
  CreateDriftCheckTables1764000007100,
  AddDeviceEventsCursorToEdges1764000008000,
  AddDeviceListPageIndexes1764000009000,
  AddNotApplicableToDriftResults1764000020000,
  AddAcceptAccessLossToDeliveries1764000021000,
  AddDeviceSearch1764000022500,
  CreateTemplatePasswordFailures1764000024000,
];
