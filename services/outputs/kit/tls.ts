// TLS settings shared by the sinks that speak TLS (HTTPS sinks, syslog+tls): a CA bundle from `ca_file`,
// an optional client certificate, and certificate verification that is on unless turned off by name.
import { boolParam, fileParam } from './params.js';

export interface TlsSettings {
  /** PEM CA bundle trusted instead of Node's built-in roots; undefined = the built-in roots. */
  ca: Buffer | undefined;
  cert: Buffer | undefined;
  key: Buffer | undefined;
  /** Verify the server certificate and name (default true). */
  verify: boolean;
  /** Name checked against the certificate and sent as SNI; default the URL host. */
  servername: string | undefined;
}

export function tlsParams() {
  return {
    ca_file: fileParam().optional(),
    cert_file: fileParam().optional(),
    key_file: fileParam().optional(),
    tls_verify: boolParam().prefault('true'),
  };
}

export function tlsSettings(
  p: { ca_file?: Buffer | undefined; cert_file?: Buffer | undefined; key_file?: Buffer | undefined; tls_verify: boolean },
  servername?: string,
): TlsSettings {
  return { ca: p.ca_file, cert: p.cert_file, key: p.key_file, verify: p.tls_verify, servername };
}

/** A client certificate needs its key and the other way round. */
export function clientCertProblem(p: { cert_file?: unknown; key_file?: unknown }): string | undefined {
  return (p.cert_file === undefined) === (p.key_file === undefined) ? undefined : 'cert_file and key_file go together';
}

/** Options for `tls.connect` / `https.Agent`. */
export function tlsOptions(t: TlsSettings, host: string): { ca?: Buffer; cert?: Buffer; key?: Buffer; rejectUnauthorized: boolean; servername?: string } {
  const servername = t.servername ?? (isIpLiteral(host) ? undefined : host);
  return {
    ...(t.ca ? { ca: t.ca } : {}),
    ...(t.cert ? { cert: t.cert } : {}),
    ...(t.key ? { key: t.key } : {}),
    rejectUnauthorized: t.verify,
    ...(servername ? { servername } : {}),
  };
}

function isIpLiteral(host: string): boolean {
  return /^[\d.]+$/.test(host) || host.includes(':');
}
