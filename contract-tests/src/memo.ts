// Get-or-make on a Map or a WeakMap: the value kept under a key, made on first use (caches of
// compiled schemas, arbitraries, per-run state).

interface Store<K, V> {
  get(key: K): V | undefined;
  set(key: K, value: V): unknown;
}

/** The value `store` keeps under `key`; `make` builds it (once) when there is none. */
export function memo<K, V>(store: Store<K, V>, key: K, make: () => V): V {
  let value = store.get(key);
  if (value === undefined) {
    value = make();
    store.set(key, value);
  }
  return value;
}
