// @vigil/store: keyed state with expiry; in-memory (embedded default) and Redis or Redis Cluster (ioredis).
export { subjectStateKey, type ClaimResult, type DueEntry, type Store, type StoreLease, type StoreSet, type StoreWrite, type WriteResult } from './store.js';
export { heldValue, MemoryStore, type MemoryStoreOptions, type SelfExpiring } from './memory-store.js';
export { RedisStore, type RedisStoreOptions } from './redis-store.js';
export { keySlot } from './key-slot.js';
export { claimAll, type ClaimOptions, type Claimed } from './claim.js';
