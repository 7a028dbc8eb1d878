/** Body of every error answer of the REST API. */
export interface ErrorResponse {
  /** Stable machine-readable code, e.g. `ROLE_COPY_NOT_MEMBER`. */
  code: string;
  message: string;
  correlationId: string;
  /** Validation failures: one entry per bad field. */
  details?: { field: string; problems: string[] }[];
}

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export interface PageQuery {
  page?: number;
  pageSize?: number;
  search?: string;
}

export interface HealthResponse {
  status: 'ok' | 'degraded';
  version: string;
  database: 'ok' | 'down';
  uptimeSeconds: number;
}

export interface SystemInfoResponse {
  product: 'Fleetward';
  version: string;
  databaseType: 'sqlite' | 'postgres' | 'mssql';
  startedAt: string;
}
