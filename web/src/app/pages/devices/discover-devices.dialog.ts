import { Component, type OnInit, computed, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import type {
  AdoptDevicesRequest,
  AdoptedDeviceResult,
  DeviceGroupResponse,
  DiscoveredDeviceResponse,
  DiscoveryRunResponse,
  EdgeSummaryResponse,
  SnmpAuthProtocol,
  SnmpCredentials,
  SnmpPrivProtocol,
  SnmpSecurityLevel,
  StartDiscoveryRequest,
} from '@fleetward/contracts';
import { FwApiService } from '../../core/api/fleetward-api.service';
import { type TranslationKey } from '../../core/i18n/en';
import { FwI18nService } from '../../core/i18n/i18n.service';
import { FwTranslatePipe } from '../../core/i18n/translate.pipe';
import { FwModelPipe } from '../../shared/device-model.pipe';
import { errorMessage } from '../../shared/error-message';
import { SNMP_AUTH_PROTOCOLS, SNMP_LEVELS, SNMP_PRIV_PROTOCOLS } from './device-form.dialog';

/** One credential row of the form (v1/v2c use `community`, v3 the rest). */
export interface CredentialRow {
  version: '1' | '2c' | '3';
  community: string;
  user: string;
  level: SnmpSecurityLevel;
  authProtocol: SnmpAuthProtocol;
  authKey: string;
  privProtocol: SnmpPrivProtocol;
  privKey: string;
}

export interface DiscoveryForm {
  edgeId: string;
  range: string;
  port: string;
  credentials: CredentialRow[];
}

export class FwDiscoveryFormError extends Error {
  readonly code = 'DISCOVERY_FORM_INVALID';
  constructor(readonly key: TranslationKey) {
    super(key);
  }
}

export function emptyCredential(): CredentialRow {
  return {
    version: '2c',
    community: '',
    user: '',
    level: 'authPriv',
    authProtocol: 'sha',
    authKey: '',
    privProtocol: 'aes',
    privKey: '',
  };
}

export function credentialInput(row: CredentialRow): SnmpCredentials {
  if (row.version !== '3') return { version: row.version, community: row.community };
  const c: SnmpCredentials = { version: '3', user: row.user.trim(), level: row.level };
  if (row.level !== 'noAuthNoPriv') {
    c.authProtocol = row.authProtocol;
    c.authKey = row.authKey;
  }
  if (row.level === 'authPriv') {
    c.privProtocol = row.privProtocol;
    c.privKey = row.privKey;
  }
  return c;
}

/** The POST discoveries body; throws FwDiscoveryFormError for what the form can tell is missing. */
export function discoveryRequest(form: DiscoveryForm): StartDiscoveryRequest {
  if (!form.edgeId) throw new FwDiscoveryFormError('discover.edgeRequired');
  const range = form.range.trim();
  if (!range) throw new FwDiscoveryFormError('discover.rangeRequired');
  const body: StartDiscoveryRequest = { range, credentials: form.credentials.map(credentialInput) };
  const port = form.port.trim();
  if (port) {
    if (!/^\d+$/.test(port) || Number(port) < 1 || Number(port) > 65535) {
      throw new FwDiscoveryFormError('discover.portInvalid');
    }
    body.port = Number(port);
  }
  if (body.credentials.length === 0) throw new FwDiscoveryFormError('discover.credentialRequired');
  return body;
}

/** The adopt body for the checked devices. */
export function adoptRequest(
  devices: readonly DiscoveredDeviceResponse[],
  groupIds: readonly string[],
  namePrefix: string,
): AdoptDevicesRequest {
  const body: AdoptDevicesRequest = {
    hosts: devices.map((d) => ({ host: d.host, port: d.port })),
    groupIds: [...groupIds],
  };
  if (namePrefix.trim()) body.namePrefix = namePrefix;
  return body;
}

const key = (d: { host: string; port: number }) => `${d.host}:${d.port}`;

/** Discover devices through an edge, then add the chosen ones to groups (Device Management RW). */
@Component({
  selector: 'fw-discover-devices-dialog',
  imports: [
    FormsModule,
    MatDialogModule,
    MatFormFieldModule,
    MatInputModule,
    MatSelectModule,
    MatCheckboxModule,
    MatButtonModule,
    MatIconModule,
    FwTranslatePipe,
    FwModelPipe,
  ],
  templateUrl: './discover-devices.dialog.html',
  styles: [
    '.fw-credential { display: flex; flex-wrap: wrap; gap: 8px; align-items: center; }',
    'table.fw-table td, table.fw-table th { padding: 4px 8px; text-align: left; }',
  ],
})
export class FwDiscoverDevicesDialog implements OnInit {
  private readonly api = inject(FwApiService);
  private readonly i18n = inject(FwI18nService);
  private readonly ref = inject<MatDialogRef<FwDiscoverDevicesDialog, boolean>>(MatDialogRef);

  protected readonly levels = SNMP_LEVELS;
  protected readonly authProtocols = SNMP_AUTH_PROTOCOLS;
  protected readonly privProtocols = SNMP_PRIV_PROTOCOLS;
  protected readonly edges = signal<EdgeSummaryResponse[]>([]);
  protected readonly groups = signal<DeviceGroupResponse[]>([]);
  protected readonly error = signal<string | null>(null);
  protected readonly busy = signal(false);
  protected readonly run = signal<DiscoveryRunResponse | null>(null);
  protected readonly selected = signal<ReadonlySet<string>>(new Set());
  protected readonly results = signal<AdoptedDeviceResult[] | null>(null);
  protected form: DiscoveryForm = { edgeId: '', range: '', port: '', credentials: [emptyCredential()] };
  protected groupIds: string[] = [];
  protected namePrefix = '';

  protected readonly selectable = computed(() => (this.run()?.devices ?? []).filter((d) => !d.alreadyAdded));
  protected readonly addedCount = computed(() => (this.results() ?? []).filter((r) => r.ok).length);

  ngOnInit(): void {
    void this.load();
  }

  private async load(): Promise<void> {
    try {
      const [edges, groups] = await Promise.all([this.api.edges(), this.api.deviceGroups()]);
      this.edges.set(edges);
      this.groups.set(groups);
      if (edges.length === 1) this.form.edgeId = edges[0].id;
    } catch (e) {
      this.error.set(errorMessage(e, this.i18n));
    }
  }

  protected addCredential(): void {
    this.form.credentials = [...this.form.credentials, emptyCredential()];
  }

  protected removeCredential(index: number): void {
    this.form.credentials = this.form.credentials.filter((_, i) => i !== index);
  }

  protected isSelected(d: DiscoveredDeviceResponse): boolean {
    return this.selected().has(key(d));
  }

  protected toggle(d: DiscoveredDeviceResponse, on: boolean): void {
    const next = new Set(this.selected());
    if (on) next.add(key(d));
    else next.delete(key(d));
    this.selected.set(next);
  }

  protected toggleAll(on: boolean): void {
    this.selected.set(new Set(on ? this.selectable().map(key) : []));
  }

  protected resultOf(d: DiscoveredDeviceResponse): AdoptedDeviceResult | undefined {
    return this.results()?.find((r) => key(r) === key(d));
  }

  protected async scan(): Promise<void> {
    this.error.set(null);
    let body: StartDiscoveryRequest;
    try {
      body = discoveryRequest(this.form);
    } catch (e) {
      this.error.set(e instanceof FwDiscoveryFormError ? this.i18n.t(e.key) : errorMessage(e, this.i18n));
      return;
    }
    this.busy.set(true);
    try {
      const run = await this.api.startDiscovery(this.form.edgeId, body);
      this.run.set(run);
      this.results.set(null);
      this.selected.set(new Set(run.devices.filter((d) => !d.alreadyAdded).map(key)));
    } catch (e) {
      this.error.set(errorMessage(e, this.i18n));
    } finally {
      this.busy.set(false);
    }
  }

  protected async adopt(): Promise<void> {
    const run = this.run();
    if (!run) return;
    const chosen = run.devices.filter((d) => this.selected().has(key(d)));
    if (chosen.length === 0) return;
    this.error.set(null);
    this.busy.set(true);
    try {
      const answer = await this.api.adoptDiscovered(
        run.edgeId,
        run.id,
        adoptRequest(chosen, this.groupIds, this.namePrefix),
      );
      this.results.set(answer.results);
      const added = new Set(answer.results.filter((r) => r.ok).map(key));
      this.run.set({ ...run, devices: run.devices.map((d) => (added.has(key(d)) ? { ...d, alreadyAdded: true } : d)) });
      this.selected.set(new Set());
    } catch (e) {
      this.error.set(errorMessage(e, this.i18n));
    } finally {
      this.busy.set(false);
    }
  }

  protected close(): void {
    this.ref.close(this.addedCount() > 0);
  }
}
