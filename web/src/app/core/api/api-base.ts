/** All REST calls go to the same origin that served the console. */
export const API_BASE = '/api/v1';

export function apiUrl(path: string): string {
  return `${API_BASE}${path.startsWith('/') ? path : `/${path}`}`;
}
