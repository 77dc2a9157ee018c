// The objects Vigil keys by rule (a record's rule states, a profile's suppressions) keep their keys sorted.
//
// V8 gives an object the hidden class of the order its keys were added in. Keys added as each subject's rules
// first hit made thousands of classes among a store's records (7,446 among 10,000 users' rule-state objects in
// the bench's workload), so every read of a rule's state went megamorphic and missed V8's inline-cache tables,
// and `delete` put an object into dictionary mode. Built in sorted order, objects with the same keys share one
// class; a key is added or removed by building the object again, which happens once per rule per subject.

/** `o` with `key` set to `value`, where `o` does not hold `key` yet: a new object, its keys sorted. */
export function withKey<T>(o: Record<string, T> | undefined, key: string, value: T): Record<string, T> {
  const out: Record<string, T> = {};
  let placed = false;
  let last = '';
  for (const k in o) {
    // Written before keys were kept sorted (a record read back from Redis): sorted here once.
    if (k < last) return sortedWith(o!, key, value);
    last = k;
    if (!placed && key <= k) {
      out[key] = value;
      placed = true;
      if (k === key) continue;
    }
    out[k] = o![k]!;
  }
  if (!placed) out[key] = value;
  return out;
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
