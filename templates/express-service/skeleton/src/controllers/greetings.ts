import { Router } from 'express';

import type { GreetingService } from '../services/greetings';

/** greetingsRouter is a thin controller: parse the request, call the service, answer. */
export function greetingsRouter(service: GreetingService): Router {
  const router = Router();
  router.get('/:name', async (req, res) => {
    const greeting = await service.greet(req.params.name);
    res.json(greeting);
  });
  return router;
}
