import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
// The `mongoUrl` key of vitest's ProvidedContext is declared there; a type import brings it into every program using this file.
import type {} from './global-setup.js';

/**
 * A URL naming a database no other test uses, on the run's shared server (see global-setup.ts), e.g.
 * `mongodb://127.0.0.1:PORT/rollq_test_pool_3f2a9c`. Tests drop it when done or leave it to the server's end.
 */
export function freshMongoUrl(label = 'test'): string {
  const base = inject('mongoUrl');
  const name = `rollq_${label.replace(/[^A-Za-z0-9_]/g, '_')}_${randomBytes(4).toString('hex')}`;
  const url = new URL(base);
  url.pathname = `/${name}`;
  return url.toString();
}
