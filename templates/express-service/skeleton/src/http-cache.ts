import type { RequestHandler } from 'express';

/**
 * HttpCachePolicy is how long shared caches (CDNs, proxies) and browsers may
 * keep a cacheable answer: fresh for maxAgeSeconds, then served stale for up
 * to staleWhileRevalidateSeconds more while one request revalidates it.
 */
export interface HttpCachePolicy {
  maxAgeSeconds: number;
  staleWhileRevalidateSeconds: number;
}

/** cacheControl renders a policy as a Cache-Control value. */
export function cacheControl(policy: HttpCachePolicy): string {
  return `public, max-age=${policy.maxAgeSeconds}, stale-while-revalidate=${policy.staleWhileRevalidateSeconds}`;
}

/**
 * noStore keeps a response out of every cache: health, readiness and metrics
 * must reflect this instance now, and errors must not outlive their cause.
 */
export const noStore: RequestHandler = (_req, res, next) => {
  res.setHeader('cache-control', 'no-store');
  next();
};
