/**
 * @packageDocumentation
 * `@rollq/workflow/mongo`: the {@link RecorderStore} on MongoDB (metadata in collections, artifacts and
 * prediction tables in GridFS). A subpath of its own so that directory-store users never load the driver;
 * `openRecorderStore('mongodb://…')` loads it on demand.
 */
export { ARTIFACT_BUCKET, ARTIFACT_INDEX } from './gridfs-artifacts.js';
export type { MongoStoreOptions } from './mongo-store.js';
export { MongoRecorderStore, openMongoRecorderStore } from './mongo-store.js';
export { DEFAULT_MONGO_DATABASE, mongoDatabaseName, redactMongoUrl } from './mongo-url.js';
