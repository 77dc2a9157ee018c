// Redis a network hop away, for the Kafka bench: a TCP proxy in a process of its own (forked, so its work stays
// off the bench's core) that forwards to Redis at once and hands each reply back `delayMs` later, in order.
// Loopback Redis answers in tens of microseconds; a managed Redis in the same zone takes 0.2–1 ms a round trip.
import { fork, type ChildProcess } from 'node:child_process';
import { createServer, connect, type Socket } from 'node:net';
import { fileURLToPath } from 'node:url';
import { isEntryPoint } from '@vigil/runtime';

/** Added to every Redis reply in the benches' far-Redis runs: a round trip as to a managed Redis in the same zone. */
export const REDIS_DELAY_MS = 1;

export interface RedisDelay {
  url: string;
  stop(): Promise<void>;
}

/** Starts the proxy in front of `redisUrl` (a `redis://host:port` on this machine). */
export async function startRedisDelay(redisUrl: string, delayMs: number): Promise<RedisDelay> {
  const { hostname, port } = new URL(redisUrl);
  const child: ChildProcess = fork(fileURLToPath(import.meta.url), [hostname, port || '6379', String(delayMs)]);
  const listening = await new Promise<number>((resolve, reject) => {
    child.once('message', (m) => resolve(Number(m)));
    child.once('exit', (code) => reject(new Error(`redis delay proxy exited (${code}) before listening`)));
  });
  return {
    url: `redis://127.0.0.1:${listening}`,
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill();
      await exited;
    },
  };
}

function serve(host: string, port: number, delayMs: number): void {
  const server = createServer((client: Socket) => {
    const redis = connect(port, host);
    client.setNoDelay(true);
    redis.setNoDelay(true);
    client.on('data', (d) => redis.write(d));
    redis.on('data', (d) => setTimeout(() => client.writable && client.write(d), delayMs));
    const end = (): void => {
      client.destroy();
      redis.destroy();
    };
    for (const s of [client, redis]) {
      s.on('close', end);
      s.on('error', end);
    }
  });
  server.listen(0, '127.0.0.1', () => process.send!((server.address() as { port: number }).port));
  process.on('disconnect', () => process.exit(0));
}

if (process.send && isEntryPoint(import.meta.url)) {
  const [host, port, delay] = process.argv.slice(2);
  serve(host!, Number(port), Number(delay));
}
