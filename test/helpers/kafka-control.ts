// The shared mock cluster lives in vitest's main process (global setup); test files run in workers.
// This relays mock commands from workers to it over loopback HTTP: POST / with one command line.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { clusterApi, type KafkaCluster, type MockCommand } from './kafka-cluster.js';

export interface ControlServer {
  url: string;
  close(): Promise<void>;
}

export async function serveClusterControl(command: MockCommand): Promise<ControlServer> {
  const server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      const line = body.trim();
      // Stopping the shared cluster belongs to global setup, never to a test file.
      if (req.method !== 'POST' || !line || line.includes('\n') || line.startsWith('quit')) {
        res.writeHead(400).end('ERR bad command');
        return;
      }
      command(line).then(
        (answer) => res.writeHead(200, { 'content-type': 'text/plain' }).end(answer),
        (err: unknown) => res.writeHead(500).end(`ERR ${err instanceof Error ? err.message : String(err)}`),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The shared cluster seen from a worker; `stop()` does nothing (global setup owns the process). */
export function remoteCluster(bootstrap: string[], controlUrl: string): KafkaCluster {
  const command: MockCommand = async (line) => {
    const res = await fetch(controlUrl, { method: 'POST', body: line });
    return (await res.text()).trim();
  };
  return clusterApi(bootstrap, command, async () => undefined);
}
