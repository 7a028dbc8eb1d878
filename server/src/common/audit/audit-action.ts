const VERBS: Record<string, string> = { POST: 'create', PUT: 'replace', PATCH: 'update', DELETE: 'delete' };

/** `<resource>.<verb>` and the target type for a route template such as `/api/v1/users/:id/reset-password`. */
export function deriveAuditAction(method: string, routePath: string): { action: string; targetType: string | null } {
  const segments = routePath
    .replace(/^\/?api(\/v\d+)?\/?/, '')
    .split('/')
    .filter((s) => s !== '');
  const fixed = segments.filter((s) => !s.startsWith(':') && !looksLikeId(s));
  const resource = fixed[0] ?? 'api';
  const last = fixed.length > 1 ? fixed[fixed.length - 1] : undefined;
  const verb = last ?? VERBS[method.toUpperCase()] ?? method.toLowerCase();
  return { action: `${resource}.${verb}`, targetType: resource };
}

function looksLikeId(segment: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(segment) || /^\d+$/.test(segment);
}
