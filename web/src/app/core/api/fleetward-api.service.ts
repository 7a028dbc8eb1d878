import { HttpClient, HttpParams } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type {
  AlertListQuery,
  AlertPolicyOverrideBody,
  AlertResponse,
  ApiTokenResponse,
  AuditEntryResponse,
  AuditQuery,
  CopyRoleRequest,
  CounterReadingResponse,
  CreateApiTokenRequest,
  CreateDeviceGroupRequest,
  CreateDeviceRequest,
  CreateEdgeRequest,
  CreateUserRequest,
  CreatedApiTokenResponse,
  CreatedEdgeResponse,
  DeviceDetailResponse,
  DeviceGroupResponse,
  DeviceInventoryQuery,
  DeviceListItemResponse,
  DeviceListQuery,
  DeviceSummaryResponse,
  DisplaySettings,
  EdgeActivationCodeResponse,
  EdgeDetailResponse,
  EdgeSummaryResponse,
  GroupAlertPolicyResponse,
  GroupAlertRecipientsResponse,
  HistoryResponse,
  MailSettingsResponse,
  MeterReadsQuery,
  Page,
  PageQuery,
  PutGroupAlertRecipientsRequest,
  PutMailSettingsRequest,
  ResetPasswordRequest,
  RoleResponse,
  SendTestMailResponse,
  SetRoleUsersRequest,
  StatusChangeResponse,
  SupplyReadingResponse,
  SystemInfoResponse,
  TimeRangeQuery,
  UpdateDeviceGroupRequest,
  UpdateDeviceRequest,
  UpdateRoleRequest,
  UpdateUserRequest,
  UserListQuery,
  UserResponse,
} from '@fleetward/contracts';
import { firstValueFrom, type Observable } from 'rxjs';
import { apiUrl } from './api-base';

type QueryValue = string | number | boolean | undefined | null;

function toParams(query: Readonly<Record<string, QueryValue>>): HttpParams {
  let params = new HttpParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    params = params.set(key, String(value));
  }
  return params;
}

/** List endpoints answer a plain array; a paged answer (`{ items }`) is accepted too. */
export function asList<T>(answer: T[] | Page<T>): T[] {
  return Array.isArray(answer) ? answer : answer.items;
}

/** Typed client for the Fleetward REST API (shapes from libs/contracts). Every method returns a promise. */
@Injectable({ providedIn: 'root' })
export class FwApiService {
  private readonly http = inject(HttpClient);

  private call<T>(request: Observable<T>): Promise<T> {
    return firstValueFrom(request);
  }

  private async list<T>(path: string): Promise<T[]> {
    return asList(await firstValueFrom(this.http.get<T[] | Page<T>>(apiUrl(path))));
  }

  // --- system and settings
  systemInfo(): Promise<SystemInfoResponse> {
    return this.call(this.http.get<SystemInfoResponse>(apiUrl('/system/info')));
  }
  displaySettings(): Promise<DisplaySettings> {
    return this.call(this.http.get<DisplaySettings>(apiUrl('/settings/display')));
  }
  saveDisplaySettings(body: DisplaySettings): Promise<DisplaySettings> {
    return this.call(this.http.put<DisplaySettings>(apiUrl('/settings/display'), body));
  }

  // --- personal API tokens
  apiTokens(): Promise<ApiTokenResponse[]> {
    return this.list<ApiTokenResponse>('/auth/tokens');
  }
  createApiToken(body: CreateApiTokenRequest): Promise<CreatedApiTokenResponse> {
    return this.call(this.http.post<CreatedApiTokenResponse>(apiUrl('/auth/tokens'), body));
  }
  revokeApiToken(id: string): Promise<unknown> {
    return this.call(this.http.delete(apiUrl(`/auth/tokens/${encodeURIComponent(id)}`)));
  }

  // --- users
  users(query: UserListQuery): Promise<Page<UserResponse>> {
    return this.call(this.http.get<Page<UserResponse>>(apiUrl('/users'), { params: toParams({ ...query }) }));
  }
  createUser(body: CreateUserRequest): Promise<UserResponse> {
    return this.call(this.http.post<UserResponse>(apiUrl('/users'), body));
  }
  updateUser(id: string, body: UpdateUserRequest): Promise<UserResponse> {
    return this.call(this.http.patch<UserResponse>(apiUrl(`/users/${encodeURIComponent(id)}`), body));
  }
  deleteUser(id: string): Promise<unknown> {
    return this.call(this.http.delete(apiUrl(`/users/${encodeURIComponent(id)}`)));
  }
  resetPassword(id: string, body: ResetPasswordRequest): Promise<unknown> {
    return this.call(this.http.post(apiUrl(`/users/${encodeURIComponent(id)}/reset-password`), body));
  }

  // --- roles
  roles(): Promise<RoleResponse[]> {
    return this.list<RoleResponse>('/roles');
  }
  role(id: string): Promise<RoleResponse> {
    return this.call(this.http.get<RoleResponse>(apiUrl(`/roles/${encodeURIComponent(id)}`)));
  }
  copyRole(id: string, body: CopyRoleRequest): Promise<RoleResponse> {
    return this.call(this.http.post<RoleResponse>(apiUrl(`/roles/${encodeURIComponent(id)}/copy`), body));
  }
  updateRole(id: string, body: UpdateRoleRequest): Promise<RoleResponse> {
    return this.call(this.http.patch<RoleResponse>(apiUrl(`/roles/${encodeURIComponent(id)}`), body));
  }
  deleteRole(id: string): Promise<unknown> {
    return this.call(this.http.delete(apiUrl(`/roles/${encodeURIComponent(id)}`)));
  }
  setRoleAdministrators(id: string, body: SetRoleUsersRequest): Promise<RoleResponse> {
    return this.call(this.http.put<RoleResponse>(apiUrl(`/roles/${encodeURIComponent(id)}/administrators`), body));
  }
  setRoleMembers(id: string, body: SetRoleUsersRequest): Promise<RoleResponse> {
    return this.call(this.http.put<RoleResponse>(apiUrl(`/roles/${encodeURIComponent(id)}/members`), body));
  }

  // --- device groups, devices, edges
  deviceGroups(): Promise<DeviceGroupResponse[]> {
    return this.list<DeviceGroupResponse>('/device-groups');
  }
  createDeviceGroup(body: CreateDeviceGroupRequest): Promise<DeviceGroupResponse> {
    return this.call(this.http.post<DeviceGroupResponse>(apiUrl('/device-groups'), body));
  }
  updateDeviceGroup(id: string, body: UpdateDeviceGroupRequest): Promise<DeviceGroupResponse> {
    return this.call(this.http.patch<DeviceGroupResponse>(apiUrl(`/device-groups/${encodeURIComponent(id)}`), body));
  }
  deleteDeviceGroup(id: string): Promise<unknown> {
    return this.call(this.http.delete(apiUrl(`/device-groups/${encodeURIComponent(id)}`)));
  }
  deviceGroupDevices(id: string, query: PageQuery = {}): Promise<Page<DeviceSummaryResponse>> {
    return this.call(
      this.http.get<Page<DeviceSummaryResponse>>(apiUrl(`/device-groups/${encodeURIComponent(id)}/devices`), {
        params: toParams({ ...query }),
      }),
    );
  }
  addDevicesToGroup(id: string, deviceIds: string[]): Promise<unknown> {
    return this.call(this.http.post(apiUrl(`/device-groups/${encodeURIComponent(id)}/devices`), { deviceIds }));
  }
  removeDeviceFromGroup(id: string, deviceId: string): Promise<unknown> {
    return this.call(
      this.http.delete(apiUrl(`/device-groups/${encodeURIComponent(id)}/devices/${encodeURIComponent(deviceId)}`)),
    );
  }
  devices(query: DeviceListQuery = {}): Promise<Page<DeviceSummaryResponse>> {
    return this.call(
      this.http.get<Page<DeviceSummaryResponse>>(apiUrl('/devices'), { params: toParams({ ...query }) }),
    );
  }
  createDevice(body: CreateDeviceRequest): Promise<DeviceSummaryResponse> {
    return this.call(this.http.post<DeviceSummaryResponse>(apiUrl('/devices'), body));
  }
  /** One page of the device inventory (never the whole fleet). */
  deviceInventory(query: DeviceInventoryQuery): Promise<Page<DeviceListItemResponse>> {
    return this.call(
      this.http.get<Page<DeviceListItemResponse>>(apiUrl('/devices'), { params: toParams({ ...query }) }),
    );
  }
  device(id: string): Promise<DeviceDetailResponse> {
    return this.call(this.http.get<DeviceDetailResponse>(apiUrl(`/devices/${encodeURIComponent(id)}`)));
  }
  createDeviceDetailed(body: CreateDeviceRequest): Promise<DeviceDetailResponse> {
    return this.call(this.http.post<DeviceDetailResponse>(apiUrl('/devices'), body));
  }
  updateDevice(id: string, body: UpdateDeviceRequest): Promise<DeviceDetailResponse> {
    return this.call(this.http.patch<DeviceDetailResponse>(apiUrl(`/devices/${encodeURIComponent(id)}`), body));
  }
  deleteDevice(id: string): Promise<unknown> {
    return this.call(this.http.delete(apiUrl(`/devices/${encodeURIComponent(id)}`)));
  }
  counterHistory(id: string, range: TimeRangeQuery): Promise<HistoryResponse<CounterReadingResponse>> {
    return this.history<CounterReadingResponse>(id, 'counters', range);
  }
  supplyHistory(id: string, range: TimeRangeQuery): Promise<HistoryResponse<SupplyReadingResponse>> {
    return this.history<SupplyReadingResponse>(id, 'supplies', range);
  }
  statusHistory(id: string, range: TimeRangeQuery): Promise<HistoryResponse<StatusChangeResponse>> {
    return this.history<StatusChangeResponse>(id, 'status', range);
  }
  private history<T>(id: string, kind: string, range: TimeRangeQuery): Promise<HistoryResponse<T>> {
    return this.call(
      this.http.get<HistoryResponse<T>>(apiUrl(`/devices/${encodeURIComponent(id)}/history/${kind}`), {
        params: toParams({ ...range }),
      }),
    );
  }
  /** The meter-reads CSV as a Blob (fetched through HttpClient so the bearer token goes along). */
  meterReadsCsv(query: MeterReadsQuery): Promise<Blob> {
    return this.call(
      this.http.get(apiUrl('/devices/meter-reads.csv'), { params: toParams({ ...query }), responseType: 'blob' }),
    );
  }
  edges(): Promise<EdgeSummaryResponse[]> {
    return this.list<EdgeSummaryResponse>('/edges');
  }
  /** The same list with status, version, last contact and device count (Edges page). */
  edgeDetails(): Promise<EdgeDetailResponse[]> {
    return this.list<EdgeDetailResponse>('/edges');
  }
  createEdge(body: CreateEdgeRequest): Promise<CreatedEdgeResponse> {
    return this.call(this.http.post<CreatedEdgeResponse>(apiUrl('/edges'), body));
  }
  newEdgeActivationCode(id: string): Promise<EdgeActivationCodeResponse> {
    return this.call(
      this.http.post<EdgeActivationCodeResponse>(apiUrl(`/edges/${encodeURIComponent(id)}/activation-code`), {}),
    );
  }
  deleteEdge(id: string): Promise<unknown> {
    return this.call(this.http.delete(apiUrl(`/edges/${encodeURIComponent(id)}`)));
  }

  // --- audit
  audit(query: AuditQuery): Promise<Page<AuditEntryResponse>> {
    return this.call(this.http.get<Page<AuditEntryResponse>>(apiUrl('/audit'), { params: toParams({ ...query }) }));
  }

  // --- alerts, mail settings, group alert settings
  alerts(query: AlertListQuery): Promise<Page<AlertResponse>> {
    return this.call(this.http.get<Page<AlertResponse>>(apiUrl('/alerts'), { params: toParams({ ...query }) }));
  }
  acknowledgeAlert(id: string): Promise<AlertResponse> {
    return this.call(this.http.post<AlertResponse>(apiUrl(`/alerts/${encodeURIComponent(id)}/acknowledge`), {}));
  }
  resolveAlert(id: string): Promise<AlertResponse> {
    return this.call(this.http.post<AlertResponse>(apiUrl(`/alerts/${encodeURIComponent(id)}/resolve`), {}));
  }
  mailSettings(): Promise<MailSettingsResponse> {
    return this.call(this.http.get<MailSettingsResponse>(apiUrl('/settings/mail')));
  }
  saveMailSettings(body: PutMailSettingsRequest): Promise<MailSettingsResponse> {
    return this.call(this.http.put<MailSettingsResponse>(apiUrl('/settings/mail'), body));
  }
  sendTestMail(to: string): Promise<SendTestMailResponse> {
    return this.call(this.http.post<SendTestMailResponse>(apiUrl('/settings/mail/test'), { to }));
  }
  groupAlertPolicy(groupId: string): Promise<GroupAlertPolicyResponse> {
    return this.call(
      this.http.get<GroupAlertPolicyResponse>(apiUrl(`/device-groups/${encodeURIComponent(groupId)}/alert-policy`)),
    );
  }
  saveGroupAlertPolicy(groupId: string, body: AlertPolicyOverrideBody): Promise<GroupAlertPolicyResponse> {
    return this.call(
      this.http.put<GroupAlertPolicyResponse>(
        apiUrl(`/device-groups/${encodeURIComponent(groupId)}/alert-policy`),
        body,
      ),
    );
  }
  groupAlertRecipients(groupId: string): Promise<GroupAlertRecipientsResponse> {
    return this.call(
      this.http.get<GroupAlertRecipientsResponse>(apiUrl(`/device-groups/${encodeURIComponent(groupId)}/recipients`)),
    );
  }
  saveGroupAlertRecipients(
    groupId: string,
    body: PutGroupAlertRecipientsRequest,
  ): Promise<GroupAlertRecipientsResponse> {
    return this.call(
      this.http.put<GroupAlertRecipientsResponse>(
        apiUrl(`/device-groups/${encodeURIComponent(groupId)}/recipients`),
        body,
      ),
    );
  }
}
