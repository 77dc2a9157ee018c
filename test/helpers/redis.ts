// Redis for tests. The machine's shared server is used by everyone, so each test file gets its own
// key prefix and deletes only that prefix; outage tests start a private server they may kill.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { Redis } from 'ioredis';
import { waitFor } from './wait-for.js';

export const DEFAULT_TEST_REDIS_URL = 'redis://127.0.0.1:6379';

export function testRedisUrl(): string {
  return process.env.VIGIL_TEST_REDIS_URL || DEFAULT_TEST_REDIS_URL;
}

/** Throws (tests fail, never skip) when nothing answers PING at `url`. */
export async function assertRedisReachable(url = testRedisUrl()): Promise<void> {
  const client = new Redis(url, { lazyConnect: true, connectTimeout: 3000, maxRetriesPerRequest: 0, retryStrategy: () => null });
  client.on('error', () => undefined);
  try {
    await client.connect();
    const pong = await client.ping();
    if (pong !== 'PONG') throw new Error(`unexpected PING answer ${pong}`);
  } catch (err) {
    throw new Error(
      `Redis is not reachable at ${url} (${err instanceof Error ? err.message : String(err)}). ` +
        'Start one (apt-get install -y redis-server; redis-server --daemonize yes --save "" --appendonly no) ' +
        'or point VIGIL_TEST_REDIS_URL at one.',
      { cause: err },
    );
  } finally {
    client.disconnect();
  }
}

export interface TestRedis {
  url: string;
  /** `vigil-test:<random>:` — every key a test writes must start with it. */
  prefix: string;
  /** Deletes the keys under `prefix` (SCAN + UNLINK), nothing else. Never FLUSHALL: the server is shared. */
  cleanup(): Promise<void>;
}

export async function connectTestRedis(): Promise<TestRedis> {
  const redis = testRedis();
  await assertRedisReachable(redis.url);
  return redis;
}

/** A fresh prefix on the test server, not yet checked for reachability (connectTestRedis checks). */
export function testRedis(): TestRedis {
  const url = testRedisUrl();
  const prefix = `vigil-test:${randomBytes(6).toString('hex')}:`;
  return {
    url,
    prefix,
    cleanup: async () => {
      await deletePrefix(url, prefix);
    },
  };
}

export async function deletePrefix(url: string, prefix: string): Promise<number> {
  if (!prefix.startsWith('vigil-test:')) throw new Error(`refusing to delete keys outside vigil-test: (${prefix})`);
  const client = new Redis(url, { maxRetriesPerRequest: 1 });
  let deleted = 0;
  try {
    let cursor = '0';
    do {
      const [next, keys] = await client.scan(cursor, 'MATCH', `${escapeGlob(prefix)}*`, 'COUNT', 500);
      cursor = next;
      if (keys.length) deleted += await client.unlink(...keys);
    } while (cursor !== '0');
  } finally {
    client.disconnect();
  }
  return deleted;
}

function escapeGlob(s: string): string {
  return s.replace(/[*?[\]\\]/g, (c) => `\\${c}`);
}

export interface PrivateRedis {
  url: string;
  port: number;
  /** Kills the server (SIGKILL: an outage, not a shutdown). */
  kill(): Promise<void>;
  /** Starts it again on the same port (empty: nothing is persisted). */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

/** A throw-away redis-server on a free port, for tests that take Redis away. */
export async function startPrivateRedis(): Promise<PrivateRedis> {
  const port = await freePort();
  const url = `redis://127.0.0.1:${port}`;
  let child: ChildProcess | undefined;

  const start = async (): Promise<void> => {
    const proc = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
      stdio: 'ignore',
    });
    child = proc;
    const failed = new Promise<never>((_, reject) => {
      proc.once('error', (err) => reject(new Error(`cannot start redis-server (apt-get install -y redis-server): ${err.message}`)));
      proc.once('exit', (code) => reject(new Error(`redis-server on port ${port} exited with ${code}`)));
    });
    failed.catch(() => undefined);
    await Promise.race([waitFor(() => assertRedisReachable(url).then(() => true), { timeoutMs: 10_000, message: `redis-server on ${port}` }), failed]);
  };
  const kill = async (): Promise<void> => {
    const proc = child;
    child = undefined;
    if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
    proc.kill('SIGKILL');
    await exited;
  };

  await start();
  return {
    url,
    port,
    kill,
    restart: async () => {
      await kill();
      await start();
    },
    stop: kill,
  };
}

/** A TCP port nothing listens on right now (127.0.0.1). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}
