import { type Collection, type Db, GridFSBucket, MongoServerError, type ObjectId } from 'mongodb';

/** Collection pointing each `(recorderId, name)` at its current GridFS file. */
export const ARTIFACT_INDEX = 'artifact_index';
/** GridFS bucket of artifact bytes (`artifacts.files` / `artifacts.chunks`), metadata `{ recorderId, name }`. */
export const ARTIFACT_BUCKET = 'artifacts';

/** One document of {@link ARTIFACT_INDEX}: the artifact's current file and a version bumped by every write. */
export interface ArtifactEntry {
  _id?: ObjectId;
  recorderId: string;
  name: string;
  fileId: ObjectId;
  length: number;
  version: number;
  updatedAt: Date;
}

/** An artifact's bytes with the version of the index entry they were read through (for compare-and-swap). */
export interface VersionedBytes {
  bytes: Uint8Array;
  version: number;
}

/** Code of a duplicate key on a unique index. */
export function isDuplicateKey(e: unknown): boolean {
  return e instanceof MongoServerError && e.code === 11000;
}

function isFileNotFound(e: unknown): boolean {
  return e instanceof Error && /FileNotFound|ChunkIsMissing/i.test(e.message);
}

/**
 * Artifact bytes in GridFS behind a small index collection, so that a replace is one atomic step: the new
 * bytes are uploaded as a new file first, then one single-document update points the name at it, then the
 * old file is deleted. A reader follows the index, so it sees the old or the new bytes, never a half-written
 * file (the server has no transactions; a GridFS file is many chunk documents). A reader that lost the race
 * against the deletion of the file it was pointed at reads the index again.
 *
 * A crash between the upload and the index update leaves an unreferenced file (its metadata names the
 * recorder and artifact), never a wrong artifact.
 */
export class GridFsArtifacts {
  private readonly index: Collection<ArtifactEntry>;
  private readonly bucket: GridFSBucket;

  constructor(db: Db) {
    this.index = db.collection<ArtifactEntry>(ARTIFACT_INDEX);
    this.bucket = new GridFSBucket(db, { bucketName: ARTIFACT_BUCKET });
  }

  /** Creates the unique `(recorderId, name)` index (idempotent). */
  async ensureIndexes(): Promise<void> {
    await this.index.createIndex({ recorderId: 1, name: 1 }, { unique: true, name: 'recorder_artifact_unique' });
  }

  /** Stores `bytes` as the artifact, replacing any previous one. */
  async put(recorderId: string, name: string, bytes: Uint8Array): Promise<void> {
    const fileId = await this.upload(recorderId, name, bytes);
    for (let attempt = 0; ; attempt++) {
      try {
        const before = await this.index.findOneAndUpdate(
          { recorderId, name },
          { $set: { fileId, length: bytes.byteLength, updatedAt: new Date() }, $inc: { version: 1 } },
          { upsert: true, returnDocument: 'before' },
        );
        if (before) await this.deleteFile(before.fileId);
        return;
      } catch (e) {
        // Two first saves raced on the upsert: the loser's retry updates the winner's entry.
        if (!isDuplicateKey(e) || attempt >= 3) throw e;
      }
    }
  }

  /**
   * Stores `bytes` only if the artifact is still at `expected` (`null`: not stored yet); returns false, having
   * stored nothing, when another writer got there first (the caller re-reads and retries).
   */
  async swap(recorderId: string, name: string, bytes: Uint8Array, expected: number | null): Promise<boolean> {
    const fileId = await this.upload(recorderId, name, bytes);
    const fields = { fileId, length: bytes.byteLength, updatedAt: new Date() };
    if (expected === null) {
      try {
        await this.index.insertOne({ recorderId, name, ...fields, version: 1 });
        return true;
      } catch (e) {
        await this.deleteFile(fileId);
        if (isDuplicateKey(e)) return false;
        throw e;
      }
    }
    const before = await this.index.findOneAndUpdate(
      { recorderId, name, version: expected },
      { $set: fields, $inc: { version: 1 } },
      { returnDocument: 'before' },
    );
    if (!before) {
      await this.deleteFile(fileId);
      return false;
    }
    await this.deleteFile(before.fileId);
    return true;
  }

  /** The artifact's bytes and version, or null when it is not stored. */
  async get(recorderId: string, name: string): Promise<VersionedBytes | null> {
    for (let attempt = 0; ; attempt++) {
      const entry = await this.index.findOne({ recorderId, name });
      if (!entry) return null;
      try {
        const bytes = await this.download(entry.fileId);
        // The driver ends a download quietly when the chunks vanish under it: a short read is a lost race too.
        if (bytes.byteLength === entry.length) return { bytes, version: entry.version };
        if (attempt >= 20) throw new Error(`artifact ${name} of recorder ${recorderId}: read ${bytes.byteLength} of ${entry.length} bytes`);
      } catch (e) {
        // A concurrent replace deleted the file after we read the index: the index now names its successor.
        if (!isFileNotFound(e) || attempt >= 20) throw e;
      }
    }
  }

  /** Removes the artifact (nothing when it is not stored). */
  async remove(recorderId: string, name: string): Promise<void> {
    const gone = await this.index.findOneAndDelete({ recorderId, name });
    if (gone) await this.deleteFile(gone.fileId);
  }

  /** Names of the recorder's artifacts, sorted. */
  async list(recorderId: string): Promise<string[]> {
    const docs = await this.index.find({ recorderId }, { projection: { name: 1 } }).toArray();
    return docs.map((d) => d.name).sort();
  }

  private async upload(recorderId: string, name: string, bytes: Uint8Array): Promise<ObjectId> {
    const stream = this.bucket.openUploadStream(name, { metadata: { recorderId, name } });
    await new Promise<void>((done, fail) => {
      stream.once('finish', () => done());
      stream.once('error', fail);
      stream.end(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    });
    return stream.id;
  }

  private async download(fileId: ObjectId): Promise<Uint8Array> {
    const chunks: Buffer[] = [];
    for await (const chunk of this.bucket.openDownloadStream(fileId)) chunks.push(chunk as Buffer);
    const all = Buffer.concat(chunks);
    return new Uint8Array(all.buffer, all.byteOffset, all.byteLength);
  }

  private async deleteFile(fileId: ObjectId): Promise<void> {
    try {
      await this.bucket.delete(fileId);
    } catch (e) {
      if (!isFileNotFound(e)) throw e;
    }
  }
}
