import type { EdgeSummaryResponse } from './device-groups';

/** A one-time activation code (shown only when issued; the server keeps only its hash). */
export interface EdgeActivationCodeResponse {
  /** `FWA1-<secret>-<server certificate fingerprint>` (docs/decisions/0007). */
  code: string;
  expiresAt: string;
}

/** `POST /api/v1/edges` answer: the new edge and its first activation code. */
export interface CreatedEdgeResponse extends EdgeSummaryResponse {
  activation: EdgeActivationCodeResponse;
}

/** `POST /api/v1/edge-activation` (edge → server, no user session). */
export interface EdgeActivationRequest {
  code: string;
  /** PKCS#10 CSR (PEM) of the key the edge generated and keeps. */
  csrPem: string;
  /** URL the server uses to reach the edge API, e.g. `https://10.0.0.5:5000`. */
  url: string;
  /** Edge software version. */
  version: string;
}

export interface EdgeActivationResponse {
  edgeId: string;
  /** The edge's certificate (CN = edge id, URI SAN `urn:fleetward:edge:<id>`): TLS server and client. */
  certificatePem: string;
  /** The server's edge CA: the edge accepts only client certificates it issued (CN `fleetward-server`). */
  caPem: string;
}
