/**
 * Cache is a cache-aside store: getOrSet returns the cached value for key,
 * or calls load, stores its result for ttlSeconds and returns it. A cache
 * that fails must never fail the request: implementations fall back to load.
 */
export interface Cache {
  getOrSet<T>(key: string, ttlSeconds: number, load: () => Promise<T>): Promise<T>;
}

/** noCache always loads: the default when no cache is configured. */
export const noCache: Cache = {
  getOrSet: (_key, _ttl, load) => load(),
};
