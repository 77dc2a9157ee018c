// Where the Redis store connects: one server (`redis://`, `rediss://`, handed to ioredis as is) or a
// Redis Cluster (`redis+cluster://host1:port1,host2:port2`, `rediss+cluster://` for TLS) given by seed nodes.
import { ConfigError } from './errors.js';

export interface RedisClusterTarget {
  kind: 'cluster';
  /** Seed nodes: ioredis asks them for the slot map and finds every other node by itself. */
  nodes: { host: string; port: number }[];
  tls: boolean;
  username?: string;
  password?: string;
}

export type RedisTarget = { kind: 'single'; url: string } | RedisClusterTarget;

const CLUSTER_SCHEME = /^(rediss?)\+cluster:\/\/(.*)$/;
const DEFAULT_PORT = 6379;

/** Reads VIGIL_REDIS_URL; a malformed cluster URL is a ConfigError (passwords are never echoed). */
export function parseRedisUrl(url: string): RedisTarget {
  const m = CLUSTER_SCHEME.exec(url);
  if (!m) return { kind: 'single', url };
  const [, scheme, rest] = m as unknown as [string, string, string];
  const at = rest.lastIndexOf('@');
  const credentials = at >= 0 ? rest.slice(0, at) : '';
  const hosts = (at >= 0 ? rest.slice(at + 1) : rest).replace(/\/$/, '');
  const problem = (why: string) => new ConfigError([`redisUrl: ${why} (expected ${scheme}+cluster://host1:port1,host2:port2)`]);
  if (/[/?#]/.test(hosts)) throw problem('a cluster URL takes no database, path or query (Redis Cluster has database 0 only)');
  const seeds = hosts.split(',').map((s) => s.trim());
  if (!seeds.length || seeds.some((s) => !s)) throw problem('no seed node given');
  const nodes = seeds.map((seed) => {
    let parsed: URL;
    try {
      parsed = new URL(`redis://${seed}`);
    } catch {
      throw problem(`"${seed}" is not host:port`);
    }
    if (!parsed.hostname || parsed.username || parsed.password) throw problem(`"${seed}" is not host:port`);
    return { host: parsed.hostname.replace(/^\[(.*)\]$/, '$1'), port: parsed.port ? Number(parsed.port) : DEFAULT_PORT };
  });
  const target: RedisClusterTarget = { kind: 'cluster', nodes, tls: scheme === 'rediss' };
  if (credentials) {
    const colon = credentials.indexOf(':');
    const user = decodeURIComponent(colon >= 0 ? credentials.slice(0, colon) : credentials);
    const password = colon >= 0 ? decodeURIComponent(credentials.slice(colon + 1)) : undefined;
    if (user) target.username = user;
    if (password !== undefined) target.password = password;
  }
  return target;
}

/** The URL with its credentials masked (`redis://***@host:6379`): safe to log or to put in an error. */
export function redactRedisUrl(url: string): string {
  const scheme = url.indexOf('://');
  const at = url.lastIndexOf('@');
  return scheme >= 0 && at > scheme ? `${url.slice(0, scheme + 3)}***${url.slice(at)}` : url;
}
