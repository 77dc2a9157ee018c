// A real-protocol Kafka cluster for tests: librdkafka's mock brokers, run by mock-kafka.c and driven
// over its stdin (topics, broker down/up, latency, leaders, coordinators, injected errors). See docs/kafka.md.
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdirSync, renameSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));
const SOURCE = join(HERE, 'mock-kafka.c');
const BINARY = join(HERE, '..', '..', 'node_modules', '.cache', 'vigil', 'mock-kafka');

export interface KafkaCluster {
  bootstrap: string[];
  createTopic(name: string, partitions: number, replicationFactor?: number): Promise<void>;
  brokerDown(id: number): Promise<void>;
  brokerUp(id: number): Promise<void>;
  setRtt(id: number, ms: number): Promise<void>;
  /** Moves a partition's leadership; tests use it to know which broker to take down. */
  setLeader(topic: string, partition: number, brokerId: number): Promise<void>;
  /** Pins a consumer group's coordinator to a broker, so a test knows which broker it may take down. */
  setCoordinator(groupId: string, brokerId: number): Promise<void>;
  /** The next `count` requests of `apiKey` (0 = Produce, 8 = OffsetCommit, …) fail with Kafka error `errorCode`. */
  pushRequestErrors(apiKey: number, count: number, errorCode: number): Promise<void>;
  /** A raw command line and its answer ("OK" / "ERR …"), for what the methods above do not cover. */
  command: MockCommand;
  stop(): Promise<void>;
}

/** Sends one command line, resolves with the helper's answer line ("OK" / "ERR …"). */
export type MockCommand = (line: string) => Promise<string>;

/** The cluster API over any command channel (a local child process, or the shared cluster's HTTP relay). */
export function clusterApi(bootstrap: string[], command: MockCommand, stop: () => Promise<void>): KafkaCluster {
  const run = async (line: string): Promise<void> => {
    const answer = await command(line);
    if (answer !== 'OK') throw new Error(`mock kafka: "${line}" failed: ${answer}`);
  };
  return {
    bootstrap,
    createTopic: (name, partitions, rf = 1) => run(`create ${name} ${partitions} ${rf}`),
    brokerDown: (id) => run(`down ${id}`),
    brokerUp: (id) => run(`up ${id}`),
    setRtt: (id, ms) => run(`rtt ${id} ${ms}`),
    setLeader: (topic, partition, id) => run(`leader ${topic} ${partition} ${id}`),
    setCoordinator: (groupId, id) => run(`coordinator group ${groupId} ${id}`),
    pushRequestErrors: (apiKey, count, code) => run(`errors ${apiKey} ${count} ${code}`),
    command,
    stop,
  };
}

/** Compiles the helper into node_modules/.cache once, and again whenever the .c file is newer. */
export function mockKafkaBinary(): string {
  const built = mtime(BINARY);
  if (built !== undefined && built >= (mtime(SOURCE) ?? 0)) return BINARY;
  mkdirSync(dirname(BINARY), { recursive: true });
  // Build beside the target and rename: parallel test processes never see a half-written binary.
  const tmp = `${BINARY}.${process.pid}.tmp`;
  const gcc = spawnSync('gcc', ['-O2', '-o', tmp, SOURCE, '-lrdkafka'], { encoding: 'utf8' });
  if (gcc.error || gcc.status !== 0) {
    const why = gcc.error ? `gcc could not run (${gcc.error.message})` : gcc.stderr.trim();
    throw new Error(
      `cannot build the mock Kafka cluster (test/helpers/mock-kafka.c): ${why}\n` +
        'It needs gcc and librdkafka headers: apt-get install -y gcc librdkafka-dev',
    );
  }
  renameSync(tmp, BINARY);
  return BINARY;
}

function mtime(path: string): number | undefined {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return undefined;
  }
}

/** Starts a private mock cluster (its own process); `stop()` ends it. */
export async function startKafkaCluster(options: { brokers?: number } = {}): Promise<KafkaCluster> {
  const child = spawn(mockKafkaBinary(), [String(options.brokers ?? 3)], { stdio: ['pipe', 'pipe', 'pipe'] });
  const lines = lineReader(child);
  const first = await lines.next(10_000);
  if (!first.startsWith('BOOTSTRAP ')) {
    child.kill('SIGKILL');
    throw new Error(`mock kafka did not start: ${first}`);
  }
  const bootstrap = first.slice('BOOTSTRAP '.length).trim().split(',');
  let queue: Promise<unknown> = Promise.resolve();
  const command: MockCommand = (line) => {
    const answer = queue.then(() => {
      child.stdin.write(`${line}\n`);
      return lines.next(10_000);
    });
    queue = answer.catch(() => undefined);
    return answer;
  };
  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.stdin.end('quit\n');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  };
  return clusterApi(bootstrap, command, stop);
}

interface LineReader {
  next(timeoutMs: number): Promise<string>;
}

function lineReader(child: ChildProcessWithoutNullStreams): LineReader {
  const buffered: string[] = [];
  const waiting: ((line: string | Error) => void)[] = [];
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
  createInterface({ input: child.stdout }).on('line', (line) => {
    const w = waiting.shift();
    if (w) w(line);
    else buffered.push(line);
  });
  child.on('exit', (code, signal) => {
    for (const w of waiting.splice(0)) w(new Error(`mock kafka exited (${signal ?? code}): ${stderr.trim()}`));
  });
  return {
    next: (timeoutMs) =>
      new Promise((resolve, reject) => {
        const line = buffered.shift();
        if (line !== undefined) return resolve(line);
        if (child.exitCode !== null) return reject(new Error(`mock kafka is not running: ${stderr.trim()}`));
        const timer = setTimeout(() => {
          waiting.splice(waiting.indexOf(deliver), 1);
          reject(new Error(`mock kafka did not answer within ${timeoutMs} ms`));
        }, timeoutMs);
        const deliver = (l: string | Error): void => {
          clearTimeout(timer);
          if (l instanceof Error) reject(l);
          else resolve(l);
        };
        waiting.push(deliver);
      }),
  };
}
