// A decision API on port 0 over an in-memory bus and store, for tests: the runtime, the base URL and a
// fetch helper that sends a bearer token.
import { MemoryBus } from '@vigil/bus';
import { SIGNATURE_HEADER, TOPICS, type Action, type Decision } from '@vigil/schemas';
import { signDetached } from '@vigil/signing';
import { loadSettings, type Settings } from '@vigil/core';
import { createRuntime, type Runtime } from '@vigil/runtime';
import { MemoryStore, type Store } from '@vigil/store';
import { silentLogger } from '@vigil/telemetry';
import { startDecisionApi, type DecisionApi, type DecisionApiOptions } from '../main.js';

export const TOKENS = {
  viewer: 'viewer-token-0123456789',
  operator: 'operator-token-0123456789',
  admin: 'admin-token-0123456789ab',
  gateway: 'gateway-token-0123456789',
} as const;

export const TOKEN_SPEC = `viewer:${TOKENS.viewer},operator:alice:${TOKENS.operator},admin:${TOKENS.admin},gateway:${TOKENS.gateway}`;

export interface TestApi {
  rt: Runtime;
  api: DecisionApi;
  base: string;
  call(path: string, init?: RequestInit & { token?: string }): Promise<Response>;
  stop(): Promise<void>;
}

export async function startTestApi(
  settings: Partial<Record<keyof Settings, unknown>> = {},
  options: DecisionApiOptions = {},
  shared: { bus?: MemoryBus; store?: Store } = {},
): Promise<TestApi> {
  const rt = await createRuntime(loadSettings({ env: {}, overrides: { apiTokens: TOKEN_SPEC, logLevel: 'silent', ...settings } }), {
    bus: shared.bus ?? new MemoryBus(),
    store: shared.store ?? new MemoryStore(),
    logger: silentLogger(),
  });
  const api = await startDecisionApi(rt, { port: 0, riskHalfLifeMs: 3_600_000, ...options });
  const base = `http://127.0.0.1:${api.port}`;
  return {
    rt,
    api,
    base,
    call: (path, init = {}) => {
      const { token, headers, ...rest } = init;
      return fetch(`${base}${path}`, { ...rest, headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(headers as Record<string, string>) } });
    },
    stop: async () => {
      await api.stop();
    },
  };
}

export function overrideBody(subject: string, action = 'block', ttl: string | number = '15m', reason = 'incident 42'): RequestInit {
  return { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ subject, action, ttl, reason }) };
}

/** Rule decision number `n`, issued `n` seconds after `t0`, in force for an hour after `t0`. */
export function ruleDecision(n: number, subject: string, action: Action, t0: number, rule = 'r1-brute-force'): Decision {
  return {
    v: 1,
    id: `dec_${String(n).padStart(3, '0')}`,
    subject,
    action,
    reason: `decision ${n}`,
    rule: { id: rule, version: '1' },
    risk: 10,
    severity: 'medium',
    evidence: [],
    issued_at: new Date(t0 + n * 1000).toISOString(),
    expires_at: new Date(t0 + 3_600_000).toISOString(),
    mode: 'enforce',
  };
}

/** Publishes `d` on the decisions topic as the correlator does (keyed by subject, signed with the API's key). */
export async function publishDecision(t: TestApi, bus: MemoryBus, d: Decision): Promise<void> {
  const value = Buffer.from(JSON.stringify(d));
  await bus.publish([{ topic: TOPICS.decisions, key: d.subject, value, headers: { [SIGNATURE_HEADER]: await signDetached(value, t.rt.signingKey) } }]);
}
