import { readFileSync } from 'node:fs';
import { join } from 'node:path';

// package.json sits one level above both src/ and dist/, and the image copies it.
const pkg = JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')) as {
  name: string;
  version: string;
};

/** serviceInfo names the service in logs, metrics and traces. */
export const serviceInfo = { name: pkg.name, version: pkg.version };
