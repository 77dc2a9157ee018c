// kafkajs as Vigil loads it: the producer replacements go into Node's module cache first
// (kafkajs-producer.ts), then kafkajs is required — at run time, not by a static import, which ESM (and
// a bundler) would evaluate before any code of this module. Every value Vigil takes from kafkajs comes
// through here (lint forbids value imports from 'kafkajs'; types may come from it directly).
import { createRequire } from 'node:module';
import type * as Kafkajs from 'kafkajs';
import { installKafkajsProducerPatch } from './kafkajs-producer.js';

installKafkajsProducerPatch();
const kafkajs = createRequire(import.meta.url)('kafkajs') as typeof Kafkajs;

export default kafkajs;
