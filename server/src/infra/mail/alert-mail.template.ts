import { InvalidConsoleUrlError } from './mail.errors';

/** What a mail needs of an alert (an `AlertRecord` of the alerting module fits). */
export interface AlertMailAlert {
  id: string;
  severity: 'warning' | 'critical';
  /** The problem in plain words. */
  summary: string;
  detail: string | null;
  openedAt: string;
}

/** What a mail needs of the device. */
export interface AlertMailDevice {
  id: string;
  name: string | null;
  model: string | null;
  serialNumber: string | null;
  /** Host name or IP address the edge polls. */
  address: string;
  location: string | null;
}

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

export interface RenderAlertMailOptions {
  alert: AlertMailAlert;
  device: AlertMailDevice;
  /** Base URL of the web console, e.g. `https://fleetward.example.com`. */
  consoleUrl: string;
  /** `escalated`: the alert got worse since the first mail. */
  kind?: 'opened' | 'escalated';
}

const MAX_SUBJECT = 200;

function oneLine(value: string): string {
  return value
    .replace(/[\r\n\t]+/g, ' ')
    .replace(/\s{2,}/g, ' ')
    .trim();
}

function escapeHtml(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** "2026-01-15 09:00 UTC" (mails go to many people; the console shows local formats). */
export function formatMailTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** `<consoleUrl>/<section>/<id>`; throws InvalidConsoleUrlError for anything but an absolute http(s) URL. */
export function consoleLink(consoleUrl: string, section: 'devices' | 'edges', id: string): string {
  let url: URL;
  try {
    url = new URL(consoleUrl);
  } catch {
    throw new InvalidConsoleUrlError(consoleUrl);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new InvalidConsoleUrlError(consoleUrl);
  const base = url.toString().replace(/\/+$/, '');
  return `${base}/${section}/${encodeURIComponent(id)}`;
}

/** `<consoleUrl>/devices/<id>`. */
export function deviceLink(consoleUrl: string, deviceId: string): string {
  return consoleLink(consoleUrl, 'devices', deviceId);
}

function deviceTitle(device: AlertMailDevice): string {
  return oneLine(device.name ?? device.model ?? device.address);
}

const FOOTER = 'Fleetward printer fleet monitoring. You get this mail as a recipient of Fleetward alerts.';

function compose(options: {
  subject: string;
  intro: string;
  rows: [string, string][];
  link: string;
  linkLabel: string;
  severity: 'warning' | 'critical';
}): RenderedMail {
  const { subject, intro, rows, link, linkLabel } = options;
  const width = Math.max(...rows.map(([k]) => k.length));
  const text = [
    intro,
    '',
    ...rows.map(([k, v]) => `${`${k}:`.padEnd(width + 2)}${v}`),
    '',
    `${linkLabel}: ${link}`,
    '',
    '-- ',
    FOOTER,
    '',
  ].join('\n');
  const color = options.severity === 'critical' ? '#b3261e' : '#8a5300';
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>
<body style="font-family:Arial,Helvetica,sans-serif;font-size:14px;color:#1b1b1f">
<p style="font-size:16px;color:${color}"><strong>${escapeHtml(intro)}</strong></p>
<table cellpadding="4" cellspacing="0" style="border-collapse:collapse">
${rows.map(([k, v]) => `<tr><th align="left" style="padding-right:16px">${escapeHtml(k)}</th><td>${escapeHtml(v)}</td></tr>`).join('\n')}
</table>
<p><a href="${escapeHtml(link)}">${escapeHtml(linkLabel)} in Fleetward</a></p>
<p style="color:#5f5f66;font-size:12px">${escapeHtml(FOOTER)}</p>
</body></html>
`;
  return { subject, text, html };
}

function problemRows(alert: AlertMailAlert): [string, string][] {
  return [
    ['Problem', oneLine(alert.summary)],
    ...(alert.detail ? ([['Details', oneLine(alert.detail)]] as [string, string][]) : []),
    ['Severity', alert.severity === 'critical' ? 'Critical' : 'Warning'],
    ['Since', formatMailTime(alert.openedAt)],
  ];
}

function subjectLine(alert: AlertMailAlert, kind: 'opened' | 'escalated' | undefined, title: string): string {
  const prefix = kind === 'escalated' ? 'Now critical' : alert.severity === 'critical' ? 'Critical' : 'Warning';
  return oneLine(`[Fleetward] ${prefix}: ${alert.summary} - ${title}`).slice(0, MAX_SUBJECT);
}

/** Subject, text and HTML of an alert mail: the device, its location, the problem, when, and a link. */
export function renderAlertMail(options: RenderAlertMailOptions): RenderedMail {
  const { alert, device } = options;
  const link = deviceLink(options.consoleUrl, device.id);
  const where = device.location ? ` (${oneLine(device.location)})` : '';
  const intro =
    options.kind === 'escalated'
      ? `A problem on ${deviceTitle(device)} got worse and needs attention.`
      : `${deviceTitle(device)} needs attention.`;
  return compose({
    subject: subjectLine(alert, options.kind, `${deviceTitle(device)}${where}`),
    intro,
    rows: [
      ...problemRows(alert),
      ['Device', deviceTitle(device)],
      ['Model', oneLine(device.model ?? 'unknown')],
      ['Serial number', oneLine(device.serialNumber ?? 'unknown')],
      ['Address', oneLine(device.address)],
      ['Location', oneLine(device.location ?? 'not set')],
    ],
    link,
    linkLabel: 'Open the device',
    severity: alert.severity,
  });
}

/** What a mail needs of an edge. */
export interface AlertMailEdge {
  id: string;
  name: string;
  /** Where it runs (host name or address), when known. */
  address: string | null;
  /** Site description, when set. */
  location: string | null;
  /** Devices it polls: they are not monitored while it is offline. */
  deviceCount: number | null;
}

/** Mail for an edge alert (edge offline): which edge, where, since when, what it means, and a link. */
export function renderEdgeAlertMail(options: {
  alert: AlertMailAlert;
  edge: AlertMailEdge;
  consoleUrl: string;
}): RenderedMail {
  const { alert, edge } = options;
  const name = oneLine(edge.name);
  const where = edge.location ? ` (${oneLine(edge.location)})` : '';
  const devices =
    edge.deviceCount === null
      ? 'The devices it polls are not monitored until it is back.'
      : `The ${edge.deviceCount} device(s) it polls are not monitored until it is back.`;
  return compose({
    subject: subjectLine(alert, undefined, `edge ${name}${where}`),
    intro: `Edge ${name} needs attention. ${devices}`,
    rows: [
      ...problemRows(alert),
      ['Edge', name],
      ['Address', oneLine(edge.address ?? 'unknown')],
      ['Location', oneLine(edge.location ?? 'not set')],
    ],
    link: consoleLink(options.consoleUrl, 'edges', edge.id),
    linkLabel: 'Open the edge',
    severity: alert.severity,
  });
}

/** The "send test mail" mail. */
export function renderTestMail(options: { sentAt: string; host: string }): RenderedMail {
  const when = formatMailTime(options.sentAt);
  const text = `This is a test mail from Fleetward, sent ${when} through ${options.host}.\nIf you can read it, alert mails will reach you.\n`;
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Fleetward test mail</title></head><body style="font-family:Arial,Helvetica,sans-serif"><p>This is a test mail from Fleetward, sent ${escapeHtml(when)} through ${escapeHtml(options.host)}.</p><p>If you can read it, alert mails will reach you.</p></body></html>\n`;
  return { subject: '[Fleetward] Test mail', text, html };
}
