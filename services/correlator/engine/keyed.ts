// The objects Vigil keys by rule (a record's rule states, a profile's suppressions) keep their keys sorted.
//
// V8 gives an object the hidden class of the order its keys were added in. Keys added as each subject's rules
// first hit made thousands of classes among a store's records (7,446 among 10,000 users' rule-state objects in
// the bench's workload), so every read of a rule's state went megamorphic and missed V8's inline-cache tables,
// and `delete` put an object into dictionary mode. Built in sorted order, objects with the same keys share one
// class. A key that sorts after the others is added in place; any other is added or removed by building the
// object again, once per rule per subject.

/**
 * `o` with `key` set to `value`, where `o` does not hold `key` yet, its keys sorted: `o` itself when `key` sorts
 * after all of its keys (added in place, the class a rebuild would give), else a new object.
 */
export function withKey<T>(o: Record<string, T> | undefined, key: string, value: T): Record<string, T> {
  let last = '';
  for (const k in o) {
    // Written before keys were kept sorted (a record read back from Redis): sorted here once.
    if (k < last) return sortedWith(o!, key, value);
    last = k;
  }
  if (key > last) {
    const out = o ?? {};
    out[key] = value;
    return out;
  }
  const out: Record<string, T> = {};
  let placed = false;
  for (const k in o) {
    if (!placed && key <= k) {
      out[key] = value;
      placed = true;
      if (k === key) continue;
    }
    out[k] = o![k]!;
  }
  return out;
}

/**
 * `o` with `key` set to `value`: in place when the caller already found `key` held (`held`, so the key is not
 * looked up again on the hot path), else through withKey.
 */
export function setKey<T>(o: Record<string, T> | undefined, key: string, value: T, held: boolean): Record<string, T> {
  if (!held) return withKey(o, key, value);
  o![key] = value;
  return o!;
}

function sortedWith<T>(o: Record<string, T>, key: string, value: T): Record<string, T> {
  const keys = Object.keys(o);
  if (!keys.includes(key)) keys.push(key);
  keys.sort();
  const out: Record<string, T> = {};
  for (const k of keys) out[k] = k === key ? value : o[k]!;
  return out;
}

/** `o` without `key`, its keys still sorted; undefined when nothing is left. */
export function withoutKey<T>(o: Record<string, T>, key: string): Record<string, T> | undefined {
  let out: Record<string, T> | undefined;
  for (const k in o) if (k !== key) (out ??= {})[k] = o[k]!;
  return out;
}
