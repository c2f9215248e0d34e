import type { Cache } from '../cache/cache';
import { badRequest } from '../errors';

export interface Greeting {
  message: string;
}

// Letters (any script), digits, spaces and a little punctuation.
const namePattern = /^[\p{L}\p{N} .'-]{1,64}$/u;

/**
 * GreetingService holds the rules of the example endpoint; controllers only
 * translate HTTP to calls like greet(). Replace it with your own domain.
 */
export class GreetingService {
  constructor(
    private readonly cache: Cache,
    private readonly ttlSeconds = 60,
  ) {}

  async greet(name: string): Promise<Greeting> {
    const trimmed = name.trim();
    if (!namePattern.test(trimmed)) {
      throw badRequest("name must be 1 to 64 letters, digits, spaces or . ' -");
    }
    // Cache-aside: read through the cache, compute and store on a miss.
    return this.cache.getOrSet(`greeting:${trimmed.toLowerCase()}`, this.ttlSeconds, () =>
      Promise.resolve({ message: `Hello, ${trimmed}!` }),
    );
  }
}
