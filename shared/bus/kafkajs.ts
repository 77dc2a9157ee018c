// kafkajs as Vigil loads it: the producer replacements go into Node's module cache first
// (kafkajs-producer.ts), then kafkajs is required — at run time, not by a static import, which ESM (and
// a bundler) would evaluate before any code of this module — and its request queue's timer loop is
// fixed at once (kafkajs-timers.ts), so that a plain client made from it, before any bus, has no loop.
// Every value Vigil takes from kafkajs comes through here (lint forbids value imports from 'kafkajs';
// types may come from it directly).
import { createRequire } from 'node:module';
import type * as Kafkajs from 'kafkajs';
import { installKafkajsProducerPatch } from './kafkajs-producer.js';
import { patchKafkajsRequestQueue } from './kafkajs-timers.js';

installKafkajsProducerPatch();
const kafkajs = createRequire(import.meta.url)('kafkajs') as typeof Kafkajs;
patchKafkajsRequestQueue();

export default kafkajs;
