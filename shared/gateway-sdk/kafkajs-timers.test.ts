// A gateway embedding the SDK gets the kafkajs 2.2.4 timer-loop workaround that Vigil's own bus applies
// (shared/bus/kafkajs-timers.ts): the SDK takes kafkajs from @vigil/bus/kafkajs, which replaces the request
// queue's scheduling as it loads kafkajs. Checked in a fresh process (this worker's kafkajs may be patched).
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

describe('the gateway SDK and the kafkajs timer loop', () => {
  it('patches the request queue as the SDK loads', () => {
    const script = `
      import { createRequire } from 'node:module';
      const require = createRequire(${JSON.stringify(fileURLToPath(import.meta.url))});
      const queue = require('kafkajs/src/network/requestQueue/index.js').prototype;
      const before = String(queue.scheduleCheckPendingRequests);
      const { VigilGateway } = await import('@vigil/gateway-sdk');
      // Whitespace aside: tsx, which runs this process, prints the replacement without it.
      const after = String(queue.scheduleCheckPendingRequests).replace(/\\s+/g, '');
      console.log(JSON.stringify({
        sdk: typeof VigilGateway,
        // The unpatched method arms its timer whether or not a request waits.
        before: before.includes('let scheduleAt = this.throttledUntil - Date.now()'),
        after: !after.includes('letscheduleAt') && after.includes('this.pending.length===0'),
      }));`;
    const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8' });
    expect(JSON.parse(out.trim().split('\n').pop()!)).toEqual({ sdk: 'function', before: true, after: true });
  });
});
