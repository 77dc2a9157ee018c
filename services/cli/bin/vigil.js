#!/usr/bin/env -S node --max-semi-space-size=64
// The `vigil` command. Vigil's sources are TypeScript run through tsx, so no build step is needed.
// --max-semi-space-size=64: V8's young generation at 64 MB per half instead of 16. The correlator's state
// (windows, sequences, profiles) lives for seconds to minutes, longer than a 16 MB nursery takes to fill at
// tens of thousands of signals a second, so every scavenge copied most of it; with 64 MB most of it dies
// young. docs/performance.md has the figures; `node --max-semi-space-size=N services/cli/bin/vigil.js`
// chooses another size.
import { register } from 'tsx/esm/api';

register();
await import('../main.ts');
