import type { CreateDeliveryRequest, CreateTemplateAssignmentRequest, DeliveryStatus } from '@fleetward/contracts';

export type DeliveryWhen = 'now' | 'at' | 'recurring';

export interface DeliveryFormValue {
  templateId: string;
  groupIds: string[];
  /** Device ids, separated by commas, spaces or lines. */
  deviceIds: string;
  when: DeliveryWhen;
  /** `datetime-local` value (local time), for `at` and `recurring`. */
  at: string;
  everyHours: number;
  maxAttempts: number;
  backoffMinutes: number;
}

/** The create request for the form; `at` is turned into an ISO date-time from the browser's local time. */
export function deliveryRequest(form: DeliveryFormValue): CreateDeliveryRequest {
  const deviceIds = form.deviceIds
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter((s) => s !== '');
  const request: CreateDeliveryRequest = { templateId: form.templateId };
  if (form.groupIds.length > 0) request.groupIds = [...form.groupIds];
  if (deviceIds.length > 0) request.deviceIds = deviceIds;
  if (form.when === 'at') request.schedule = { at: new Date(form.at).toISOString() };
  if (form.when === 'recurring') {
    request.schedule = { start: new Date(form.at).toISOString(), everySeconds: Math.round(form.everyHours * 3600) };
  }
  if (form.maxAttempts > 1) {
    request.retry = { maxAttempts: form.maxAttempts, backoffSeconds: Math.round(form.backoffMinutes * 60) };
  }
  return request;
}

/** The progress table refreshes while the delivery can still change. */
export function stillRunning(status: DeliveryStatus): boolean {
  return status === 'running' || status === 'scheduled';
}

/** The drift-check assignment form: a template checked against groups every N hours, optionally enforced. */
export interface AssignmentFormValue {
  templateId: string;
  groupIds: string[];
  everyHours: number;
  /** `datetime-local` value of the first check (local time); empty: now. */
  start: string;
  autoEnforce: boolean;
}

/** The create request for the assignment form (the server wants the period in seconds, at least 300). */
export function assignmentRequest(form: AssignmentFormValue): CreateTemplateAssignmentRequest {
  const request: CreateTemplateAssignmentRequest = {
    templateId: form.templateId,
    groupIds: [...form.groupIds],
    everySeconds: Math.round(form.everyHours * 3600),
    autoEnforce: form.autoEnforce,
  };
  if (form.start.trim() !== '') request.start = new Date(form.start).toISOString();
  return request;
}
