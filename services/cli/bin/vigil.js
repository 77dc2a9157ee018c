#!/usr/bin/env node
// The `vigil` command. Vigil's sources are TypeScript run through tsx, so no build step is needed.
import { register } from 'tsx/esm/api';

register();
await import('../main.ts');
