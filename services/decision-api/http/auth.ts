// Who may call what. Bearer tokens carry a role: viewer < operator < admin; a gateway token may only call
// /v1/check. The check route is open unless VIGIL_GATEWAY_SECRET is set; then it needs that secret in
// X-Vigil-Gateway-Secret or any valid bearer token. 401 = no or unknown credentials, 403 = wrong role.
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { VigilError } from '@vigil/core';
import type { Handler } from './router.js';
import { findToken, sha256, type Role, type TokenEntry } from './tokens.js';

export type Access = 'open' | 'check' | 'viewer' | 'operator' | 'admin';

export interface Principal {
  role: Role;
  /** How audit records name the caller: `operator:alice`, or the role and the token's fingerprint. */
  by: string;
}

const RANK: Record<Role, number> = { gateway: 0, viewer: 1, operator: 2, admin: 3 };
const BEARER = { 'www-authenticate': 'Bearer realm="vigil"' };

export class Authenticator {
  private readonly secretHash: Buffer | undefined;

  constructor(
    private readonly tokens: readonly TokenEntry[],
    gatewaySecret?: string,
  ) {
    this.secretHash = gatewaySecret ? sha256(gatewaySecret) : undefined;
  }

  /** The caller named by `Authorization: Bearer …`; undefined without one, 'unknown' for a token not configured. */
  identify(req: IncomingMessage): Principal | 'unknown' | undefined {
    const header = req.headers.authorization;
    if (!header) return undefined;
    const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!m) return 'unknown';
    const e = findToken(this.tokens, m[1]!);
    if (!e) return 'unknown';
    return { role: e.role, by: `${e.role}:${e.name ?? e.fingerprint}` };
  }

  private secretMatches(req: IncomingMessage): boolean {
    const given = req.headers['x-vigil-gateway-secret'];
    if (!this.secretHash || typeof given !== 'string') return false;
    return timingSafeEqual(sha256(given), this.secretHash);
  }

  /** Throws the 401 / 403 for a request that may not use a route of this access level. */
  authorize(req: IncomingMessage, access: Access): Principal | undefined {
    if (access === 'open') return undefined;
    if (access === 'check') {
      if (!this.secretHash || this.secretMatches(req)) return undefined;
      const p = this.identify(req);
      if (p && p !== 'unknown') return p;
      throw unauthenticated(
        req.headers['x-vigil-gateway-secret'] || p
          ? 'the gateway secret or bearer token is not valid'
          : 'this check endpoint needs X-Vigil-Gateway-Secret or a bearer token',
      );
    }
    const p = this.identify(req);
    if (p === undefined) throw unauthenticated('send a bearer token: Authorization: Bearer <token>');
    if (p === 'unknown') throw unauthenticated('the bearer token is not valid');
    if (p.role === 'gateway') throw new VigilError('VIGIL_ERR_FORBIDDEN', 'gateway tokens may only call /v1/check');
    if (RANK[p.role] < RANK[access]) throw new VigilError('VIGIL_ERR_FORBIDDEN', `this route needs the ${access} role or higher; the token has ${p.role}`);
    return p;
  }

  /** Wraps a handler: authorizes first, then runs it with `ctx.principal` set. */
  guard(access: Access, handler: Handler): Handler {
    return (ctx) => {
      const p = this.authorize(ctx.req, access);
      if (p) ctx.principal = p;
      return handler(ctx);
    };
  }
}

function unauthenticated(message: string): VigilError {
  return new VigilError('VIGIL_ERR_UNAUTHENTICATED', message, { details: { headers: BEARER } });
}
