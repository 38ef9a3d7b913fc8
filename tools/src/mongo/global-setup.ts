import type { TestProject } from 'vitest/node';
import { type MongoTestServer, startMongoTestServer } from './test-server.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The MongoDB server the tests share: `MONGODB_URL` when set (a real MongoDB), else a test server. */
    mongoUrl: string;
  }
}

let server: MongoTestServer | undefined;

/**
 * vitest globalSetup for projects with MongoDB tests: uses `MONGODB_URL` when set, otherwise starts one
 * mongo-java-server for the whole run. Never skips: without Java the run fails and says to run tools/setup.sh.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const fromEnv = process.env.MONGODB_URL;
  if (fromEnv) {
    project.provide('mongoUrl', fromEnv.endsWith('/') ? fromEnv : `${fromEnv}/`);
  } else {
    server = await startMongoTestServer();
    project.provide('mongoUrl', server.url);
  }
  return async () => {
    await server?.stop();
  };
}
