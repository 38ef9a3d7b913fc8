export { freshMongoUrl } from './fresh-database.js';
export type { MongoTestServer } from './test-server.js';
export { mongoTestServerJar, startMongoTestServer } from './test-server.js';
