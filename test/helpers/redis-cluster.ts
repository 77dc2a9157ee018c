// A real three-node Redis Cluster for tests: three redis-server processes on free ports (cluster mode,
// nothing on disk), joined by `redis-cli --cluster create`, ready once every node says cluster_state:ok.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Redis } from 'ioredis';
import { assertRedisReachable, freePort } from './redis.js';
import { waitFor } from './wait-for.js';

const run = promisify(execFile);

export interface TestRedisCluster {
  /** `redis+cluster://127.0.0.1:p1,127.0.0.1:p2,127.0.0.1:p3`, what VIGIL_REDIS_URL takes. */
  url: string;
  ports: number[];
  /** A plain connection to one node (CLUSTER commands, inspecting where keys live). */
  node(port: number): Redis;
  /** Kills the servers and removes their directory. */
  stop(): Promise<void>;
}

export async function startRedisCluster(size = 3): Promise<TestRedisCluster> {
  const dir = await mkdtemp(join(tmpdir(), 'vigil-redis-cluster-'));
  const procs: ChildProcess[] = [];
  const clients: Redis[] = [];
  const ports: number[] = [];
  const taken: number[] = [];
  const stop = async (): Promise<void> => {
    for (const c of clients.splice(0)) c.disconnect();
    await Promise.all(procs.splice(0).map(killProcess));
    await rm(dir, { recursive: true, force: true });
  };
  try {
    for (let i = 0; i < size; i++) {
      // The cluster bus port is port + 10000 unless given: pick it too, so it is free as well.
      const port = await unusedPort(taken);
      const busPort = await unusedPort(taken);
      procs.push(await startNode(dir, port, busPort));
      ports.push(port);
    }
    const nodes = ports.map((p) => `127.0.0.1:${p}`);
    try {
      await run('redis-cli', ['--cluster', 'create', ...nodes, '--cluster-replicas', '0', '--cluster-yes'], { timeout: 60_000 });
    } catch (err) {
      const e = err as Error & { stdout?: string; stderr?: string };
      throw new Error(`redis-cli --cluster create failed: ${e.message}\n${e.stdout ?? ''}${e.stderr ?? ''}`, { cause: err });
    }
    const node = (port: number): Redis => {
      const client = new Redis({ host: '127.0.0.1', port, lazyConnect: false, maxRetriesPerRequest: 1 });
      client.on('error', () => undefined);
      clients.push(client);
      return client;
    };
    const probes = ports.map(node);
    await waitFor(async () => (await Promise.all(probes.map((c) => c.cluster('INFO')))).every((info) => /cluster_state:ok/.test(info)), {
      timeoutMs: 30_000,
      message: `cluster_state:ok on ${nodes.join(', ')}`,
    });
    return { url: `redis+cluster://${nodes.join(',')}`, ports, node, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

/** A free port not among `taken` (freePort may hand back a port it just gave out), then taken. */
async function unusedPort(taken: number[]): Promise<number> {
  for (;;) {
    const port = await freePort();
    if (!taken.includes(port)) {
      taken.push(port);
      return port;
    }
  }
}

async function startNode(dir: string, port: number, busPort: number): Promise<ChildProcess> {
  const args = [
    '--port',
    String(port),
    '--bind',
    '127.0.0.1',
    '--cluster-enabled',
    'yes',
    '--cluster-port',
    String(busPort),
    '--cluster-config-file',
    join(dir, `nodes-${port}.conf`),
    '--dir',
    dir,
    '--save',
    '',
    '--appendonly',
    'no',
  ];
  const proc = spawn('redis-server', args, { stdio: 'ignore' });
  const failed = new Promise<never>((_, reject) => {
    proc.once('error', (err) => reject(new Error(`cannot start redis-server (apt-get install -y redis-server): ${err.message}`)));
    proc.once('exit', (code) => reject(new Error(`redis-server (cluster node) on port ${port} exited with ${code}`)));
  });
  failed.catch(() => undefined);
  try {
    await Promise.race([
      waitFor(() => assertRedisReachable(`redis://127.0.0.1:${port}`).then(() => true), { timeoutMs: 10_000, message: `redis-server on ${port}` }),
      failed,
    ]);
  } catch (err) {
    await killProcess(proc);
    throw err;
  }
  return proc;
}

async function killProcess(proc: ChildProcess): Promise<void> {
  if (proc.exitCode !== null || proc.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  proc.kill('SIGKILL');
  await exited;
}
