// Redis Cluster hash slots, computed by cluster-key-slot: the very function ioredis uses to route and check
// pipelines, so the store's grouping and ioredis's checks never disagree.
import { createRequire } from 'node:module';

type CalculateSlot = (key: string) => number;

// A CommonJS package without type declarations: loaded with require, typed here.
const calculateSlot = createRequire(import.meta.url)('cluster-key-slot') as CalculateSlot;

/** The slot (0–16383) of a full key, prefix included: `{subject}` tags pin a subject to one slot. */
export function keySlot(fullKey: string): number {
  return calculateSlot(fullKey);
}

/**
 * Positions of `keys` grouped by who serves their slot (`ownerOf`), so a batch sends one pipeline per
 * owner. `prefix` is prepended as ioredis's keyPrefix will be.
 */
export function groupBySlotOwner(keys: readonly string[], prefix: string, ownerOf: (slot: number) => string): Map<string, number[]> {
  const groups = new Map<string, number[]>();
  for (let i = 0; i < keys.length; i++) {
    const owner = ownerOf(keySlot(prefix + keys[i]));
    const group = groups.get(owner);
    if (group) group.push(i);
    else groups.set(owner, [i]);
  }
  return groups;
}
