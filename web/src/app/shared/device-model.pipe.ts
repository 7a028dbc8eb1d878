import { Pipe, type PipeTransform } from '@angular/core';

/**
 * Vendor and model as one label. Many devices already name their vendor in the model (sysDescr / hrDeviceDescr:
 * "KONICA MINOLTA bizhub C450i", "HP LaserJet …"), so the vendor is left out when the model starts with it.
 */
export function deviceModelLabel(vendor: string | null | undefined, model: string | null | undefined): string {
  const v = vendor?.trim() ?? '';
  const m = model?.trim() ?? '';
  if (!v) return m;
  if (!m) return v;
  const lowerModel = m.toLowerCase();
  const lowerVendor = v.toLowerCase();
  if (lowerModel === lowerVendor || lowerModel.startsWith(`${lowerVendor} `)) return m;
  return `${v} ${m}`;
}

/** `{{ d.vendor | fwModel: d.model }}` */
@Pipe({ name: 'fwModel' })
export class FwModelPipe implements PipeTransform {
  transform(vendor: string | null | undefined, model: string | null | undefined): string {
    return deviceModelLabel(vendor, model);
  }
}
