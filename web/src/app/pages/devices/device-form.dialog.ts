import { Component, type OnInit, inject, signal } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { FormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MAT_DIALOG_DATA, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import type {
  CreateDeviceRequest,
  DeviceDetailResponse,
  DeviceGroupResponse,
  DeviceSnmpInput,
  EdgeSummaryResponse,
  SnmpAuthProtocol,
  SnmpPrivProtocol,
  SnmpSecurityLevel,
  UpdateDeviceRequest,
} from '@fleetward/contracts';
import { map } from 'rxjs';
import { FwApiService } from '../../core/api/fleetward-api.service';
import { FwI18nService } from '../../core/i18n/i18n.service';
import { FwTranslatePipe } from '../../core/i18n/translate.pipe';
import { errorMessage } from '../../shared/error-message';

export interface FwDeviceFormData {
  /** Absent: add a new device. */
  device?: DeviceDetailResponse;
}

export const SNMP_AUTH_PROTOCOLS: readonly SnmpAuthProtocol[] = ['sha', 'sha224', 'sha256', 'sha384', 'sha512', 'md5'];
export const SNMP_PRIV_PROTOCOLS: readonly SnmpPrivProtocol[] = ['aes', 'aes256b', 'aes256r', 'des'];
export const SNMP_LEVELS: readonly SnmpSecurityLevel[] = ['noAuthNoPriv', 'authNoPriv', 'authPriv'];
/** SNMPv3 passphrases: at least 8 characters (RFC 3414), as the server checks. */
export const SNMP_KEY_MIN = 8;

export interface FwDeviceFormValues {
  name: string;
  address: string;
  port: number | null;
  location: string;
  groupIds: string[];
  edgeId: string;
  /** Editing: false keeps the stored SNMP credentials untouched. Adding: always true. */
  changeSnmp: boolean;
  snmpVersion: '' | '1' | '2c' | '3';
  community: string;
  v3User: string;
  level: SnmpSecurityLevel;
  authProtocol: SnmpAuthProtocol;
  authKey: string;
  privProtocol: SnmpPrivProtocol;
  privKey: string;
  context: string;
  /** Empty: keep (editing) or none (adding). */
  adminPassword: string;
  clearAdminPassword: boolean;
}

/** SNMP credentials from the form; null when the form says "no credentials". */
export function snmpInput(v: FwDeviceFormValues): DeviceSnmpInput | null {
  if (v.snmpVersion === '') return null;
  if (v.snmpVersion !== '3') return { version: v.snmpVersion, community: v.community };
  const input: DeviceSnmpInput = { version: '3', user: v.v3User.trim(), level: v.level };
  if (v.level !== 'noAuthNoPriv') {
    input.authProtocol = v.authProtocol;
    input.authKey = v.authKey;
  }
  if (v.level === 'authPriv') {
    input.privProtocol = v.privProtocol;
    input.privKey = v.privKey;
  }
  if (v.context.trim()) input.context = v.context.trim();
  return input;
}

/** Body of POST /devices: empty optional fields are left out. */
export function createDeviceBody(v: FwDeviceFormValues): CreateDeviceRequest {
  const body: CreateDeviceRequest = { name: v.name.trim(), address: v.address.trim() };
  if (v.port !== null) body.port = v.port;
  if (v.location.trim()) body.location = v.location.trim();
  if (v.groupIds.length) body.groupIds = v.groupIds;
  if (v.edgeId) body.edgeId = v.edgeId;
  const snmp = snmpInput(v);
  if (snmp) body.snmp = snmp;
  if (v.adminPassword) body.adminPassword = v.adminPassword;
  return body;
}

/** Body of PATCH /devices/:id: secrets are write-only, an empty secret keeps the stored one. */
export function updateDeviceBody(v: FwDeviceFormValues): UpdateDeviceRequest {
  const body: UpdateDeviceRequest = {
    name: v.name.trim(),
    address: v.address.trim(),
    location: v.location.trim() || null,
    edgeId: v.edgeId || null,
  };
  if (v.port !== null) body.port = v.port;
  if (v.changeSnmp) body.snmp = snmpInput(v);
  if (v.clearAdminPassword) body.adminPassword = null;
  else if (v.adminPassword) body.adminPassword = v.adminPassword;
  return body;
}

/** Problems the server would refuse anyway, shown before sending (translation keys). */
export function snmpProblems(v: FwDeviceFormValues): ('community' | 'v3User' | 'authKey' | 'privKey')[] {
  if (!v.changeSnmp || v.snmpVersion === '') return [];
  if (v.snmpVersion !== '3') return v.community ? [] : ['community'];
  const problems: ('v3User' | 'authKey' | 'privKey')[] = [];
  if (!v.v3User.trim()) problems.push('v3User');
  if (v.level !== 'noAuthNoPriv' && v.authKey.length < SNMP_KEY_MIN) problems.push('authKey');
  if (v.level === 'authPriv' && v.privKey.length < SNMP_KEY_MIN) problems.push('privKey');
  return problems;
}

function initialSnmpVersion(stored: '1' | '2c' | '3' | undefined, editing: boolean): FwDeviceFormValues['snmpVersion'] {
  if (stored) return stored;
  return editing ? '' : '2c';
}

/** Add or edit a device (Device Management RW). Credentials are write-only: "leave empty to keep". */
@Component({
  selector: 'fw-device-form-dialog',
  imports: [
    ReactiveFormsModule,
    MatDialogModule,
    MatFormFieldModule,
    MatInputModule,
    MatSelectModule,
    MatCheckboxModule,
    MatButtonModule,
    FwTranslatePipe,
  ],
  templateUrl: './device-form.dialog.html',
})
export class FwDeviceFormDialog implements OnInit {
  private readonly api = inject(FwApiService);
  private readonly i18n = inject(FwI18nService);
  private readonly ref = inject<MatDialogRef<FwDeviceFormDialog, DeviceDetailResponse>>(MatDialogRef);
  protected readonly data = inject<FwDeviceFormData>(MAT_DIALOG_DATA);
  protected readonly editing = this.data.device !== undefined;
  protected readonly authProtocols = SNMP_AUTH_PROTOCOLS;
  protected readonly privProtocols = SNMP_PRIV_PROTOCOLS;
  protected readonly levels = SNMP_LEVELS;
  protected readonly keyMin = SNMP_KEY_MIN;
  protected readonly groups = signal<DeviceGroupResponse[]>([]);
  protected readonly edges = signal<EdgeSummaryResponse[]>([]);
  protected readonly busy = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly problems = signal<string[]>([]);

  private readonly device = this.data.device;
  private readonly snmp = this.device?.snmp ?? null;
  protected readonly form = inject(FormBuilder).nonNullable.group({
    name: [this.device?.name ?? '', [Validators.required, Validators.maxLength(200), Validators.pattern(/\S/)]],
    address: [this.device?.address ?? '', [Validators.required, Validators.maxLength(255)]],
    port: [this.device?.port ?? 161, [Validators.min(1), Validators.max(65535)]],
    location: [this.device?.location ?? '', [Validators.maxLength(200)]],
    groupIds: [this.device?.groupIds ?? ([] as string[])],
    edgeId: [this.device?.edgeId ?? ''],
    changeSnmp: [!this.editing],
    snmpVersion: [initialSnmpVersion(this.snmp?.version, this.editing)],
    community: [''],
    v3User: [this.snmp?.v3User ?? ''],
    level: [this.snmp?.level ?? 'authPriv'],
    authProtocol: [this.snmp?.authProtocol ?? 'sha'],
    authKey: [''],
    privProtocol: [this.snmp?.privProtocol ?? 'aes'],
    privKey: [''],
    context: [this.snmp?.context ?? ''],
    adminPassword: [''],
    clearAdminPassword: [false],
  });

  /** The form's current values as a signal (the template shows SNMP fields by version and level). */
  protected readonly current = toSignal(this.form.valueChanges.pipe(map(() => this.form.getRawValue())), {
    initialValue: this.form.getRawValue(),
  });

  ngOnInit(): void {
    if (this.editing) this.form.controls.groupIds.disable();
    this.api.deviceGroups().then(
      (groups) => this.groups.set(groups),
      () => this.groups.set([]),
    );
    this.api.edges().then(
      (edges) => this.edges.set(edges),
      () => this.edges.set([]),
    );
  }

  /** What is stored, without secrets: the user sees what "keep" keeps. */
  protected snmpSummary(): string {
    const s = this.snmp;
    if (!s) return this.i18n.t('devices.snmpNoneStored');
    if (s.version !== '3') return this.i18n.t('devices.snmpStoredCommunity', { version: s.version });
    const protocols = [s.authProtocol, s.privProtocol].filter((p) => p !== null).join('/');
    return this.i18n.t('devices.snmpStoredV3', {
      user: s.v3User ?? '',
      level: protocols ? `${s.level ?? ''} (${protocols.toUpperCase()})` : (s.level ?? ''),
    });
  }

  protected values(): FwDeviceFormValues {
    const raw = this.form.getRawValue();
    return { ...raw, port: raw.port === null || Number.isNaN(Number(raw.port)) ? null : Number(raw.port) };
  }

  protected async save(): Promise<void> {
    const values = this.values();
    const problems = snmpProblems(values);
    this.problems.set(problems);
    if (this.form.invalid || problems.length || this.busy()) {
      this.form.markAllAsTouched();
      return;
    }
    this.busy.set(true);
    this.error.set(null);
    try {
      const saved = this.device
        ? await this.api.updateDevice(this.device.id, updateDeviceBody(values))
        : await this.api.createDeviceDetailed(createDeviceBody(values));
      this.ref.close(saved);
    } catch (e) {
      this.error.set(errorMessage(e, this.i18n));
    } finally {
      this.busy.set(false);
    }
  }
}
