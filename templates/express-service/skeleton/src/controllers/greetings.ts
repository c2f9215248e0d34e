import { Router } from 'express';

import { type HttpCachePolicy, cacheControl } from '../http-cache';
import type { GreetingService } from '../services/greetings';

/**
 * greetingsRouter is a thin controller: parse the request, call the service,
 * answer. A greeting is the same for everyone, so edges may cache it; Express
 * adds a weak ETag, and a conditional GET that still matches gets a 304.
 */
export function greetingsRouter(service: GreetingService, cache: HttpCachePolicy): Router {
  const router = Router();
  const cacheHeader = cacheControl(cache);
  router.get('/:name', async (req, res) => {
    const greeting = await service.greet(req.params.name);
    // Set only on success: the error handler marks problems no-store.
    res.setHeader('cache-control', cacheHeader);
    res.json(greeting);
  });
  return router;
}
