// A decision API on port 0 over an in-memory bus and store, for tests: the runtime, the base URL and a
// fetch helper that sends a bearer token.
import { MemoryBus } from '@vigil/bus';
import { loadSettings, type Settings } from '@vigil/core';
import { createRuntime, type Runtime } from '@vigil/runtime';
import { MemoryStore } from '@vigil/store';
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
  shared: { bus?: MemoryBus; store?: MemoryStore } = {},
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
