import { HttpClient, HttpHeaders } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type {
  CaptureTemplateRequest,
  CaptureTemplateResponse,
  CreateDeliveryRequest,
  CreateTemplateAssignmentRequest,
  CreateTemplateRequest,
  DeliveryDetailResponse,
  DeliveryResponse,
  DeviceSettingsCapabilitiesResponse,
  DriftResultResponse,
  ImportTemplateRequest,
  TemplateAssignmentResponse,
  TemplateExportFormat,
  TemplateResponse,
  UpdateTemplateRequest,
} from '@fleetward/contracts';
import { firstValueFrom } from 'rxjs';
import { apiUrl } from '../../core/api/api-base';

const PASSWORD_HEADER = 'x-template-password';

function passwordHeaders(password: string | undefined): HttpHeaders | undefined {
  return password ? new HttpHeaders({ [PASSWORD_HEADER]: password }) : undefined;
}

/** Templates and deliveries of the REST API (shapes from libs/contracts). */
@Injectable({ providedIn: 'root' })
export class FwSettingsApiService {
  private readonly http = inject(HttpClient);

  templates(): Promise<TemplateResponse[]> {
    return firstValueFrom(this.http.get<TemplateResponse[]>(apiUrl('/templates')));
  }
  createTemplate(body: CreateTemplateRequest): Promise<TemplateResponse> {
    return firstValueFrom(this.http.post<TemplateResponse>(apiUrl('/templates'), body));
  }
  updateTemplate(id: string, body: UpdateTemplateRequest, password?: string): Promise<TemplateResponse> {
    const headers = passwordHeaders(password);
    return firstValueFrom(
      this.http.patch<TemplateResponse>(
        apiUrl(`/templates/${encodeURIComponent(id)}`),
        body,
        headers ? { headers } : {},
      ),
    );
  }
  /**
   * Resolves when `password` opens the template; rejects with 403 TEMPLATE_PASSWORD_WRONG otherwise, or 429
   * TEMPLATE_PASSWORD_LOCKED (with Retry-After) after too many wrong ones.
   */
  checkTemplatePassword(id: string, password: string): Promise<void> {
    return firstValueFrom(
      this.http.post<void>(apiUrl(`/templates/${encodeURIComponent(id)}/check-password`), { password }),
    );
  }
  deleteTemplate(id: string, password?: string): Promise<void> {
    const headers = passwordHeaders(password);
    return firstValueFrom(
      this.http.delete<void>(apiUrl(`/templates/${encodeURIComponent(id)}`), headers ? { headers } : {}),
    );
  }
  exportTemplate(id: string, format: TemplateExportFormat): Promise<string> {
    return firstValueFrom(
      this.http.get(apiUrl(`/templates/${encodeURIComponent(id)}/export`), {
        params: { format },
        responseType: 'text',
      }),
    );
  }
  importTemplate(body: ImportTemplateRequest): Promise<TemplateResponse> {
    return firstValueFrom(this.http.post<TemplateResponse>(apiUrl('/templates/import'), body));
  }
  captureTemplate(body: CaptureTemplateRequest): Promise<CaptureTemplateResponse> {
    return firstValueFrom(this.http.post<CaptureTemplateResponse>(apiUrl('/templates/capture'), body));
  }

  /** What the device's driver can read and write (asked from its edge). */
  capabilities(deviceId: string): Promise<DeviceSettingsCapabilitiesResponse> {
    return firstValueFrom(
      this.http.get<DeviceSettingsCapabilitiesResponse>(
        apiUrl(`/devices/${encodeURIComponent(deviceId)}/settings/capabilities`),
      ),
    );
  }

  deliveries(): Promise<DeliveryResponse[]> {
    return firstValueFrom(this.http.get<DeliveryResponse[]>(apiUrl('/deliveries')));
  }
  delivery(id: string): Promise<DeliveryDetailResponse> {
    return firstValueFrom(
      this.http.get<DeliveryDetailResponse>(apiUrl(`/deliveries/${encodeURIComponent(id)}`), {
        params: { pageSize: 500 },
      }),
    );
  }
  createDelivery(body: CreateDeliveryRequest): Promise<DeliveryDetailResponse> {
    return firstValueFrom(this.http.post<DeliveryDetailResponse>(apiUrl('/deliveries'), body));
  }
  cancelDelivery(id: string): Promise<DeliveryDetailResponse> {
    return firstValueFrom(
      this.http.post<DeliveryDetailResponse>(apiUrl(`/deliveries/${encodeURIComponent(id)}/cancel`), {}),
    );
  }
  retryDelivery(id: string): Promise<DeliveryDetailResponse> {
    return firstValueFrom(
      this.http.post<DeliveryDetailResponse>(apiUrl(`/deliveries/${encodeURIComponent(id)}/retry`), {}),
    );
  }

  assignments(): Promise<TemplateAssignmentResponse[]> {
    return firstValueFrom(this.http.get<TemplateAssignmentResponse[]>(apiUrl('/template-assignments')));
  }
  createAssignment(request: CreateTemplateAssignmentRequest): Promise<TemplateAssignmentResponse> {
    return firstValueFrom(this.http.post<TemplateAssignmentResponse>(apiUrl('/template-assignments'), request));
  }
  driftResults(id: string): Promise<DriftResultResponse[]> {
    return firstValueFrom(
      this.http.get<DriftResultResponse[]>(apiUrl(`/template-assignments/${encodeURIComponent(id)}/results`)),
    );
  }
  checkDrift(id: string): Promise<TemplateAssignmentResponse> {
    return firstValueFrom(
      this.http.post<TemplateAssignmentResponse>(apiUrl(`/template-assignments/${encodeURIComponent(id)}/check`), {}),
    );
  }
}
