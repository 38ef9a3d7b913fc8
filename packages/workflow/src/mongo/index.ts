/**
 * @packageDocumentation
 * `@rollq/workflow/mongo`: the {@link RecorderStore} on MongoDB (metadata in collections, artifacts and
 * prediction tables in GridFS). A subpath of its own so that directory-store users never load the driver;
 * `openRecorderStore('mongodb://…')` loads it on demand. Also the one MongoDB connection rule of rollq
 * (`connectMongo`, `withRetry`, `isTransientMongoError`; errors `MONGO_URL_INVALID` / `MONGO_UNREACHABLE`),
 * which the task pool of `@rollq/online/mongo` uses too.
 */
export { ARTIFACT_BUCKET, ARTIFACT_INDEX } from './gridfs-artifacts.js';
export type { ConnectMongoOptions, MongoConnection, RetryOptions } from './mongo-connection.js';
export { connectMongo, isTransientMongoError, mongoClientOptions, withRetry } from './mongo-connection.js';
export type { MongoStoreOptions } from './mongo-store.js';
export { MongoRecorderStore, openMongoRecorderStore } from './mongo-store.js';
export { DEFAULT_MONGO_DATABASE, mongoDatabaseName, redactMongoUrl } from './mongo-url.js';
