// Verifies Security Event Tokens (compact JWS) against the configured issuers' keys. The key sets are built
// once per settings object (jose caches imported keys inside each set), never per record. Every refusal
// names its cause, because a dead-lettered SET is only useful if the operator can tell why.
import { readFileSync } from 'node:fs';
import {
  createLocalJWKSet,
  decodeJwt,
  decodeProtectedHeader,
  errors,
  jwtVerify,
  type JWTPayload,
  type JWTVerifyOptions,
  type ProtectedHeaderParameters,
} from 'jose';
import type { ErrorCode } from '@vigil/core';
import { zodReason } from '../../kit/index.js';
import { JwksSchema, type CaepIssuer, type CaepSettings } from './settings.js';

export type Verified = { ok: true; payload: JWTPayload; header: ProtectedHeaderParameters } | { ok: false; code: ErrorCode; reason: string };

export interface SetVerifier {
  verify(token: string, now: number): Promise<Verified>;
}

interface IssuerKeys {
  keys: ReturnType<typeof createLocalJWKSet>;
  audience: string | string[] | undefined;
}

const B64URL = /^[A-Za-z0-9_-]*$/;
const built = new WeakMap<CaepSettings, SetVerifier | { error: string }>();

/** The verifier for these (already validated) settings, built on first use; a JWKS that cannot be loaded is a config error. */
export function verifierFor(settings: CaepSettings): SetVerifier | { error: string } {
  let v = built.get(settings);
  if (!v) {
    v = buildVerifier(settings);
    built.set(settings, v);
  }
  return v;
}

function buildVerifier(settings: CaepSettings): SetVerifier | { error: string } {
  const issuers = new Map<string, IssuerKeys>();
  const problems: string[] = [];
  settings.issuers.forEach((issuer, i) => {
    const where = `sources.caep.issuers[${i}]`;
    const jwks = issuer.jwks ?? readJwksFile(issuer, where, problems);
    if (!jwks) return;
    try {
      issuers.set(issuer.issuer, { keys: createLocalJWKSet(jwks as Parameters<typeof createLocalJWKSet>[0]), audience: issuer.audience });
    } catch (err) {
      problems.push(`${where}: the JWKS is not usable: ${(err as Error).message}`);
    }
  });
  if (problems.length) return { error: problems.join('; ') };
  return { verify: (token, now) => verifyToken(token, now, issuers, settings) };
}

function readJwksFile(issuer: CaepIssuer, where: string, problems: string[]): unknown {
  const path = issuer.jwksFile!;
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    problems.push(`${where}.jwksFile: cannot read ${path}: ${(err as Error).message}`);
    return undefined;
  }
  const parsed = JwksSchema.safeParse(data);
  if (parsed.success) return parsed.data;
  problems.push(`${where}.jwksFile: ${path} is not a public JWKS: ${zodReason(parsed.error)}`);
  return undefined;
}

async function verifyToken(token: string, now: number, issuers: Map<string, IssuerKeys>, settings: CaepSettings): Promise<Verified> {
  const parts = token.split('.');
  if (parts.length === 5 && parts.every((p) => B64URL.test(p)))
    return fail('VIGIL_ERR_UNSUPPORTED', 'an encrypted SET (JWE) is not supported: send signed SETs');
  if (parts.length !== 3 || !parts[0] || !parts[1] || !parts.every((p) => B64URL.test(p))) {
    return fail('VIGIL_ERR_PARSE', 'not a compact JWS: expected three base64url parts separated by dots');
  }
  let header: ProtectedHeaderParameters;
  let claims: JWTPayload;
  try {
    header = decodeProtectedHeader(token);
  } catch {
    return fail('VIGIL_ERR_SIGNATURE', 'the protected header is not base64url-encoded JSON');
  }
  const alg = header.alg;
  if (typeof alg !== 'string' || alg === '' || alg.toLowerCase() === 'none')
    return fail('VIGIL_ERR_SIGNATURE', 'an unsigned SET (alg "none" or no alg) is not accepted');
  if (!parts[2]) return fail('VIGIL_ERR_SIGNATURE', 'the SET has no signature');
  if (!(settings.algorithms as readonly string[]).includes(alg)) {
    return fail('VIGIL_ERR_SIGNATURE', `alg ${quote(alg)} is not accepted (allowed: ${settings.algorithms.join(', ')})`);
  }
  try {
    claims = decodeJwt(token);
  } catch {
    return fail('VIGIL_ERR_SIGNATURE', 'the payload is not a base64url-encoded JSON object');
  }
  const iss = claims.iss;
  if (typeof iss !== 'string' || !iss) return fail('VIGIL_ERR_SIGNATURE', 'the SET names no issuer (iss), so no key can verify it');
  const issuer = issuers.get(iss);
  if (!issuer) {
    const none = issuers.size === 0 ? ': no issuers are configured' : '';
    return fail('VIGIL_ERR_SIGNATURE', `issuer ${quote(iss)} is not configured (sources.caep.issuers)${none}`);
  }

  const options: JWTVerifyOptions = {
    issuer: iss,
    audience: issuer.audience,
    algorithms: [...settings.algorithms],
    typ: settings.requireTyp ? 'secevent+jwt' : undefined,
    currentDate: new Date(now),
    clockTolerance: settings.clockToleranceSeconds,
  };
  try {
    const r = await jwtVerify(token, issuer.keys, options);
    return { ok: true, payload: r.payload, header: r.protectedHeader };
  } catch (err) {
    if (!(err instanceof errors.JWKSMultipleMatchingKeys)) return describe(err, iss, header, claims);
    // Several keys fit (no kid in the token): the SET is good if any of them verifies it.
    for await (const key of err) {
      try {
        const r = await jwtVerify(token, key, options);
        return { ok: true, payload: r.payload, header: r.protectedHeader };
      } catch (e) {
        if (!(e instanceof errors.JWSSignatureVerificationFailed)) return describe(e, iss, header, claims);
      }
    }
    return describe(new errors.JWSSignatureVerificationFailed(), iss, header, claims);
  }
}

function describe(err: unknown, iss: string, header: ProtectedHeaderParameters, claims: JWTPayload): Verified {
  const sig = (reason: string): Verified => fail('VIGIL_ERR_SIGNATURE', reason);
  const message = (err as Error)?.message ?? String(err);
  // Outside jose's own errors, only importing a configured key can fail: that is the operator's JWKS, not the SET.
  if (!(err instanceof errors.JOSEError) || err.code === 'ERR_JWK_INVALID' || err.code === 'ERR_JWKS_INVALID') {
    return fail('VIGIL_ERR_CONFIG', `a key of issuer ${quote(iss)} that fits the token is not usable: ${message}`);
  }
  switch (err.code) {
    case 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED':
      return sig(`the signature does not verify with the keys of issuer ${quote(iss)}`);
    case 'ERR_JWKS_NO_MATCHING_KEY':
      return sig(
        `no key of issuer ${quote(iss)} fits the token (kid ${header.kid === undefined ? 'absent' : quote(header.kid)}, alg ${quote(header.alg ?? '')})`,
      );
    case 'ERR_JOSE_ALG_NOT_ALLOWED':
    case 'ERR_JOSE_NOT_SUPPORTED':
      return sig(`alg ${quote(header.alg ?? '')} is not supported for SETs`);
    case 'ERR_JWT_EXPIRED':
      return sig(`the SET expired (exp ${isoOf(claims.exp)})`);
    case 'ERR_JWT_CLAIM_VALIDATION_FAILED': {
      const claim = (err as errors.JWTClaimValidationFailed).claim;
      if (claim === 'typ')
        return sig(
          `the header typ is ${header.typ === undefined ? 'absent' : quote(typeof header.typ === 'string' ? header.typ : (JSON.stringify(header.typ) ?? '?'))}, expected "secevent+jwt"`,
        );
      if (claim === 'aud') return sig(`aud ${JSON.stringify(claims.aud ?? null).slice(0, 200)} does not name this receiver`);
      if (claim === 'nbf') return sig(`the SET is not valid yet (nbf ${isoOf(claims.nbf)})`);
      return sig(`claim ${claim}: ${message}`);
    }
    default:
      return sig(`malformed SET: ${message}`);
  }
}

function fail(code: ErrorCode, reason: string): Verified {
  return { ok: false, code, reason };
}

function quote(s: string): string {
  return JSON.stringify(s.length > 200 ? `${s.slice(0, 200)}…` : s);
}

function isoOf(seconds: unknown): string {
  return typeof seconds === 'number' && Number.isFinite(seconds) && Math.abs(seconds) < 1e11 ? new Date(seconds * 1000).toISOString() : String(seconds);
}
