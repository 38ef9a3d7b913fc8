import { hostname } from 'node:os';
import { appendNewRows, fromPredictionColumns, type PredictionColumns, replaceDateRange, toPredictionColumns } from '@rollq/data';
import { currentProcess } from '@rollq/data/node-fs';
import { z } from '@rollq/data/zod';
import type { ColumnTable } from 'arquero';
import type { Collection, Db, MongoClient, ObjectId } from 'mongodb';
import { WorkflowError } from '../errors.js';
import { decodeJsonArtifact, encodeJsonArtifact } from '../recorder/json-artifact.js';
import { withLiveness } from '../recorder/liveness.js';
import { assertArtifactName, assertExperimentName } from '../recorder/names.js';
import { parseInput } from '../recorder/parse-input.js';
import { decodePredictions, encodePredictions, PREDICTION_EXTENSIONS, type PredictionFormat } from '../recorder/prediction-table.js';
import { matchesFilter, newestFirst, type RecorderFilter } from '../recorder/recorder-filter.js';
import { newRecorderId } from '../recorder/recorder-id.js';
import type { AppendResult, EndRecorderOptions, RecorderStore, ReplaceResult } from '../recorder/recorder-store.js';
import {
  type CreateRecorderInput,
  CreateRecorderOptions,
  type ExperimentInfo,
  ExperimentMeta,
  type MetricPoint,
  ParamValue,
  RECORDER_SCHEMA_VERSION,
  type RecorderInfo,
  RecorderMeta,
  type RecorderStatus,
} from '../recorder/schemas.js';
import { GridFsArtifacts, isDuplicateKey } from './gridfs-artifacts.js';
import { connectMongo, withRetry } from './mongo-connection.js';
import { redactMongoUrl } from './mongo-url.js';

/** Options of {@link openMongoRecorderStore}. */
export interface MongoStoreOptions {
  /**
   * How long an operation waits for a reachable server before failing `MONGO_UNREACHABLE` (default: the URL's
   * `serverSelectionTimeoutMS`, else 5000 ms). On an open store, reads and idempotent writes repeat over a dropped
   * connection for twice as long.
   */
  serverSelectionTimeoutMS?: number;
  /** How often this process stamps `heartbeatAt` on the RUNNING recorders it owns (default 30 s). */
  heartbeatMs?: number;
  /**
   * A RUNNING recorder owned by a process on another host reads `FAILED` once its heartbeat is older than
   * this (default 5 min: ten missed heartbeats).
   */
  staleAfterMs?: number;
}

type Meta = z.output<typeof RecorderMeta>;
/** A `recorders` document: the recorder's meta at top level (queryable as is), plus bookkeeping. */
type RecorderDoc = Meta & { _id: string; rev: number; heartbeatAt: Date | null };
type ExperimentDoc = z.output<typeof ExperimentMeta> & { _id: string };
interface MetricDoc {
  _id?: ObjectId;
  recorderId: string;
  name: string;
  points: { step: number | string; value: number }[];
  n: number;
}

/** A tag key or dotted path safe to use as a query key (no `$` operator, no empty segment). */
const PLAIN_KEY = /^[A-Za-z0-9_][A-Za-z0-9_-]*$/;
const PLAIN_PATH = /^[A-Za-z0-9_][A-Za-z0-9_-]*(\.[A-Za-z0-9_][A-Za-z0-9_-]*)*$/;

const EMPTY = (extra: PredictionColumns): PredictionColumns => ({
  datetime: [],
  instrument: [],
  values: new Map([...extra.values.keys()].map((k) => [k, new Float64Array(0)])),
});

function toInfo(doc: Meta): RecorderInfo {
  const { schemaVersion: _v, ...info } = doc;
  return info;
}

/**
 * A {@link RecorderStore} on MongoDB, interchangeable with the directory store (the same contract suite).
 *
 * ```
 * experiments     { _id: name, schemaVersion, name, createdAt }
 * recorders       { _id: id, schemaVersion, id, name, experiment, status, startTime, endTime, error,
 *                   params, tags, task, process: { pid, hostname } | null, heartbeatAt, rev }
 * metrics         { recorderId, name, points: [{ step, value }], n }            unique (recorderId, name)
 * artifact_index  { recorderId, name, fileId, length, version, updatedAt }     unique (recorderId, name)
 * artifacts.files / artifacts.chunks   GridFS bytes (models, JSON, prediction tables as Arrow / CSV)
 * ```
 *
 * The server may have no transactions, so every write is one single-document atomic operation: recorder
 * updates compare-and-swap on `rev`, metric appends on `n`, artifact replaces swap the index entry's file
 * (see {@link GridFsArtifacts}), prediction appends compare-and-swap on the entry's `version`; a loser of a
 * race re-reads and retries, so concurrent writers lose nothing.
 *
 * Liveness: a RUNNING recorder records its owner `{ pid, hostname }`; the owner stamps `heartbeatAt` every
 * `heartbeatMs`. Read on the owner's host, a dead pid reads `FAILED` (as the directory store); read from
 * another host, where the pid cannot be probed, it reads `FAILED` once the heartbeat is older than
 * `staleAfterMs`. The stored document is not rewritten by reads.
 *
 * Call {@link close} when done: the client's connections keep a process alive.
 */
export class MongoRecorderStore implements RecorderStore {
  private readonly experiments: Collection<ExperimentDoc>;
  private readonly recorders: Collection<RecorderDoc>;
  private readonly metrics: Collection<MetricDoc>;
  private readonly artifacts: GridFsArtifacts;
  /** Ids known to exist (recorders are never deleted), so artifact and metric calls skip the lookup. */
  private readonly known = new Set<string>();
  /** RUNNING recorders this process owns, whose heartbeat it stamps. */
  private readonly owned = new Set<string>();
  private heartbeat: NodeJS.Timeout | undefined;
  private readonly heartbeatMs: number;
  private readonly staleAfterMs: number;
  /**
   * How long a read or idempotent write repeats after a dropped connection: two selection timeouts, so a
   * server that just restarted gets at least a second try even when the first waited out the selection.
   */
  private readonly retryMs: number;

  /** Use {@link openMongoRecorderStore}; `url` is kept (password redacted) for messages. */
  constructor(
    private readonly client: MongoClient,
    readonly db: Db,
    private readonly url: string,
    opts: MongoStoreOptions = {},
  ) {
    this.experiments = db.collection<ExperimentDoc>('experiments');
    this.recorders = db.collection<RecorderDoc>('recorders');
    this.metrics = db.collection<MetricDoc>('metrics');
    this.artifacts = new GridFsArtifacts(db);
    this.heartbeatMs = opts.heartbeatMs ?? 30_000;
    this.staleAfterMs = opts.staleAfterMs ?? 5 * 60_000;
    this.retryMs = 2 * client.options.serverSelectionTimeoutMS;
  }

  /** The store's URL with the password redacted. */
  get location(): string {
    return redactMongoUrl(this.url);
  }

  /** Creates the unique indexes the store relies on (idempotent; {@link openMongoRecorderStore} calls it). */
  async ensureIndexes(): Promise<void> {
    await this.retrying(async () => {
      await this.metrics.createIndex({ recorderId: 1, name: 1 }, { unique: true, name: 'recorder_metric_unique' });
      await this.artifacts.ensureIndexes();
    });
  }

  /** Stops the heartbeat and closes the client. */
  async close(): Promise<void> {
    this.stopHeartbeat();
    this.owned.clear();
    await this.client.close();
  }

  async createExperiment(name: string): Promise<ExperimentInfo> {
    assertExperimentName(name);
    return this.retrying(async () => {
      const existing = await this.experiments.findOne({ _id: name });
      if (existing) return this.experimentInfo(existing);
      try {
        await this.experiments.insertOne({ _id: name, schemaVersion: RECORDER_SCHEMA_VERSION, name, createdAt: new Date().toISOString() });
      } catch (e) {
        // A concurrent creator won: both agree on its document.
        if (!isDuplicateKey(e)) throw e;
      }
      return this.getExperiment(name);
    });
  }

  async getExperiment(name: string): Promise<ExperimentInfo> {
    assertExperimentName(name);
    return this.retrying(async () => {
      const doc = await this.experiments.findOne({ _id: name });
      if (!doc) {
        throw new WorkflowError('EXPERIMENT_NOT_FOUND', `experiment "${name}" does not exist in ${this.location}`, {
          hint: 'create it with createExperiment() or start a run in it with runInRecorder()',
          details: { name, location: this.location },
        });
      }
      return this.experimentInfo(doc);
    });
  }

  async listExperiments(): Promise<ExperimentInfo[]> {
    return this.retrying(async () => {
      const docs = await this.experiments.find({}).toArray();
      return docs.map((d) => this.experimentInfo(d)).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    });
  }

  async createRecorder(experiment: string, opts: CreateRecorderInput = {}): Promise<RecorderInfo> {
    const o = parseInput(CreateRecorderOptions, opts, 'recorder options');
    await this.createExperiment(experiment);
    // Not retried on a network error: an insert whose acknowledgement was lost would make two recorders.
    return this.once(async () => {
      for (;;) {
        const now = new Date();
        const meta: Meta = RecorderMeta.parse({
          schemaVersion: RECORDER_SCHEMA_VERSION,
          id: newRecorderId(now),
          name: o.name,
          experiment,
          status: 'RUNNING',
          startTime: now.toISOString(),
          endTime: null,
          error: null,
          params: o.params,
          tags: o.tags,
          task: o.task,
          process: currentProcess(),
        });
        try {
          await this.recorders.insertOne({ _id: meta.id, ...meta, heartbeatAt: now, rev: 0 });
        } catch (e) {
          if (isDuplicateKey(e)) continue; // the id is taken
          throw e;
        }
        this.known.add(meta.id);
        this.own(meta.id);
        return toInfo(meta);
      }
    });
  }

  async getRecorder(recorderId: string): Promise<RecorderInfo> {
    return this.retrying(async () => this.live(await this.recorderDoc(recorderId)));
  }

  async listRecorders(experiment: string, filter: RecorderFilter = {}): Promise<RecorderInfo[]> {
    assertExperimentName(experiment);
    return this.retrying(async () => {
      // Tags and dotted paths are pushed down as they are (the filter speaks MongoDB's dotted paths) to narrow
      // the scan; the full filter then runs on each recorder as reported. Status and error are not pushed down
      // (a stored RUNNING may read FAILED), nor keys that would be operators or paths of other shapes.
      const query: Record<string, unknown> = { experiment };
      for (const [k, v] of Object.entries(filter.tags ?? {})) if (PLAIN_KEY.test(k)) query[`tags.${k}`] = v;
      for (const [k, v] of Object.entries(filter.where ?? {})) {
        if (PLAIN_PATH.test(k) && !/^(status|error)(\.|$)/.test(k) && !(k in query)) query[k] = v;
      }
      const docs = await this.recorders.find(query).toArray();
      const out: RecorderInfo[] = [];
      for (const doc of docs) {
        this.known.add(doc._id);
        const rec = this.live(doc);
        if (matchesFilter(rec, filter)) out.push(rec);
      }
      return out.sort(newestFirst);
    });
  }

  async setTags(recorderId: string, tags: Record<string, string>): Promise<RecorderInfo> {
    const parsed = parseInput(z.record(z.string(), z.string()), tags, 'tags');
    return this.updateRecorder(recorderId, (m) => ({ ...m, tags: { ...m.tags, ...parsed } }));
  }

  async logParams(recorderId: string, params: Record<string, ParamValue>): Promise<RecorderInfo> {
    const parsed = parseInput(z.record(z.string(), ParamValue), params, 'params');
    return this.updateRecorder(recorderId, (m) => ({ ...m, params: { ...m.params, ...parsed } }));
  }

  async resumeRecorder(recorderId: string): Promise<RecorderInfo> {
    const rec = await this.updateRecorder(recorderId, (m) => ({
      ...m,
      status: 'RUNNING',
      endTime: null,
      error: null,
      process: currentProcess(),
    }));
    this.own(recorderId);
    return rec;
  }

  async endRecorder(recorderId: string, status: Exclude<RecorderStatus, 'RUNNING'>, opts: EndRecorderOptions = {}): Promise<RecorderInfo> {
    const error = status === 'FAILED' ? (opts.error ?? 'failed (no reason given)') : null;
    const rec = await this.updateRecorder(recorderId, (m) => ({ ...m, status, endTime: new Date().toISOString(), error, process: null }));
    this.disown(recorderId);
    return rec;
  }

  async logMetrics(recorderId: string, metrics: Record<string, number>, step?: number | string): Promise<void> {
    await this.requireRecorder(recorderId);
    for (const [name, value] of Object.entries(metrics)) {
      await this.once(() => this.pushPoints(recorderId, name, (n) => [{ step: step ?? n, value }]));
    }
  }

  async logMetricSeries(recorderId: string, name: string, points: readonly MetricPoint[]): Promise<void> {
    await this.requireRecorder(recorderId);
    const copy = points.map((p) => ({ step: p.step, value: p.value }));
    await this.once(() => this.pushPoints(recorderId, name, () => copy));
  }

  async getMetrics(recorderId: string): Promise<Record<string, MetricPoint[]>> {
    await this.requireRecorder(recorderId);
    return this.retrying(async () => {
      const out: Record<string, MetricPoint[]> = {};
      for (const doc of await this.metrics.find({ recorderId }).toArray()) {
        out[doc.name] = doc.points.map((p) => ({ step: p.step, value: typeof p.value === 'number' ? p.value : Number.NaN }));
      }
      return out;
    });
  }

  async saveArtifact(recorderId: string, name: string, data: Uint8Array): Promise<void> {
    assertArtifactName(name);
    await this.requireRecorder(recorderId);
    await this.retrying(() => this.artifacts.put(recorderId, name, data));
  }

  async loadArtifact(recorderId: string, name: string): Promise<Uint8Array> {
    assertArtifactName(name);
    await this.requireRecorder(recorderId);
    const found = await this.retrying(() => this.artifacts.get(recorderId, name));
    if (!found) throw this.artifactNotFound(recorderId, name);
    return found.bytes;
  }

  async saveJson(recorderId: string, name: string, value: unknown): Promise<void> {
    await this.saveArtifact(recorderId, name, encodeJsonArtifact(name, value));
  }

  async loadJson(recorderId: string, name: string): Promise<unknown> {
    return decodeJsonArtifact(recorderId, name, await this.loadArtifact(recorderId, name));
  }

  async listArtifacts(recorderId: string): Promise<string[]> {
    await this.requireRecorder(recorderId);
    return this.retrying(() => this.artifacts.list(recorderId));
  }

  async savePredictions(recorderId: string, name: string, table: ColumnTable, format: PredictionFormat = 'arrow'): Promise<void> {
    const bytes = encodePredictions(toPredictionColumns(table), format);
    const other: PredictionFormat = format === 'arrow' ? 'csv' : 'arrow';
    assertArtifactName(name + PREDICTION_EXTENSIONS[format]);
    await this.requireRecorder(recorderId);
    await this.retrying(async () => {
      await this.artifacts.put(recorderId, name + PREDICTION_EXTENSIONS[format], bytes);
      // Then the other format goes, so loading is never ambiguous (a reader in between still sees a whole table).
      await this.artifacts.remove(recorderId, name + PREDICTION_EXTENSIONS[other]);
    });
  }

  async loadPredictions(recorderId: string, name: string): Promise<ColumnTable> {
    const found = await this.retrying(() => this.readPredictions(recorderId, name));
    if (!found) throw this.artifactNotFound(recorderId, `${name}.arrow|.csv`);
    return fromPredictionColumns(found.cols);
  }

  async appendPredictions(recorderId: string, name: string, table: ColumnTable): Promise<AppendResult> {
    const extra = toPredictionColumns(table);
    // Idempotent by definition (only absent keys are added), so a network failure is retried once.
    return this.retrying(async () => {
      for (;;) {
        const found = await this.readPredictions(recorderId, name);
        const { merged, added } = appendNewRows(found?.cols ?? EMPTY(extra), extra);
        const result = { added, total: merged.datetime.length };
        // Nothing new: no write, so a repeated update costs a read.
        if (found && added === 0) return result;
        if (await this.swapPredictions(recorderId, name, merged, found)) return result;
      }
    });
  }

  async replacePredictionRange(recorderId: string, name: string, table: ColumnTable): Promise<ReplaceResult> {
    const extra = toPredictionColumns(table);
    return this.retrying(async () => {
      for (;;) {
        const found = await this.readPredictions(recorderId, name);
        const base = found?.cols ?? EMPTY(extra);
        const { merged, replaced } = replaceDateRange(base, extra);
        if (await this.swapPredictions(recorderId, name, merged, found)) {
          return { replaced, written: merged.datetime.length - (base.datetime.length - replaced), total: merged.datetime.length };
        }
      }
    });
  }

  // ---- internals -------------------------------------------------------------------------------

  /**
   * Runs `fn`, repeating it after a dropped connection for up to two selection timeouts (for reads and
   * idempotent writes: a standalone server has no retryable writes), then `MONGO_UNREACHABLE`.
   */
  private retrying<T>(fn: () => Promise<T>): Promise<T> {
    return withRetry(fn, { url: this.url, budgetMs: this.retryMs });
  }

  /** Runs `fn` once (a write a repeat could double), turning a connection failure into `MONGO_UNREACHABLE`. */
  private once<T>(fn: () => Promise<T>): Promise<T> {
    return withRetry(fn, { url: this.url, budgetMs: 0 });
  }

  /** Stores `cols` in the stored table's format if it is still the version read (`found`); false when another writer won. */
  private swapPredictions(
    recorderId: string,
    name: string,
    cols: PredictionColumns,
    found: { format: PredictionFormat; version: number } | null,
  ): Promise<boolean> {
    const format = found?.format ?? 'arrow';
    return this.artifacts.swap(recorderId, name + PREDICTION_EXTENSIONS[format], encodePredictions(cols, format), found?.version ?? null);
  }

  private async readPredictions(
    recorderId: string,
    name: string,
  ): Promise<{ cols: PredictionColumns; format: PredictionFormat; version: number } | null> {
    assertArtifactName(name + PREDICTION_EXTENSIONS.arrow);
    await this.requireRecorder(recorderId);
    for (const format of ['arrow', 'csv'] as const) {
      const got = await this.artifacts.get(recorderId, name + PREDICTION_EXTENSIONS[format]);
      if (got) return { cols: decodePredictions(got.bytes, format), format, version: got.version };
    }
    return null;
  }

  /** Appends the points `make(n)` to a metric series holding `n` points, by compare-and-swap on `n`. */
  private async pushPoints(recorderId: string, name: string, make: (n: number) => MetricDoc['points']): Promise<void> {
    for (;;) {
      const doc = await this.metrics.findOne({ recorderId, name }, { projection: { n: 1 } });
      const points = make(doc?.n ?? 0);
      if (!doc) {
        try {
          await this.metrics.insertOne({ recorderId, name, points, n: points.length });
          return;
        } catch (e) {
          if (isDuplicateKey(e)) continue; // a concurrent first point: append after it
          throw e;
        }
      }
      const r = await this.metrics.updateOne(
        { _id: doc._id, n: doc.n },
        { $push: { points: { $each: points } }, $inc: { n: points.length } },
      );
      if (r.matchedCount === 1) return;
    }
  }

  /** Read-modify-write of a recorder's meta, by compare-and-swap on `rev` (retried when another writer won). */
  private updateRecorder(recorderId: string, change: (m: Meta) => Meta): Promise<RecorderInfo> {
    return this.retrying(async () => {
      for (;;) {
        const doc = await this.recorderDoc(recorderId);
        const next = RecorderMeta.parse(change(this.metaOf(doc)));
        const heartbeatAt = next.status === 'RUNNING' ? new Date() : null;
        const r = await this.recorders.replaceOne({ _id: recorderId, rev: doc.rev }, { ...next, heartbeatAt, rev: doc.rev + 1 });
        if (r.matchedCount === 1) return this.live({ ...next, _id: recorderId, heartbeatAt, rev: doc.rev + 1 });
      }
    });
  }

  private async recorderDoc(recorderId: string): Promise<RecorderDoc> {
    if (typeof recorderId !== 'string' || recorderId === '') {
      throw new WorkflowError('RECORDER_NOT_FOUND', `recorder id ${JSON.stringify(recorderId)} is malformed`, {
        hint: 'pass the id of a RecorderInfo from createRecorder() or listRecorders()',
      });
    }
    const doc = await this.recorders.findOne({ _id: recorderId });
    if (!doc) throw this.recorderNotFound(recorderId);
    this.known.add(recorderId);
    return doc;
  }

  private async requireRecorder(recorderId: string): Promise<void> {
    if (typeof recorderId === 'string' && this.known.has(recorderId)) return;
    await this.retrying(async () => {
      if (
        typeof recorderId !== 'string' ||
        recorderId === '' ||
        !(await this.recorders.findOne({ _id: recorderId }, { projection: { _id: 1 } }))
      ) {
        throw this.recorderNotFound(recorderId);
      }
    });
    this.known.add(recorderId);
  }

  /** The recorder's meta, validated; `RECORDER_META_INVALID` names the recorder when the document is off. */
  private metaOf(doc: RecorderDoc): Meta {
    const { _id, rev: _rev, heartbeatAt: _hb, ...meta } = doc;
    const parsed = RecorderMeta.safeParse(meta);
    if (!parsed.success) {
      throw new WorkflowError('RECORDER_META_INVALID', `recorder ${_id} in ${this.location} is not a valid recorder document`, {
        hint: 'it was written by another rollq version or edited by hand; fix the named fields of its recorders document',
        details: { recorderId: _id, issues: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`) },
      });
    }
    return parsed.data;
  }

  /** The recorder as reported: see the class notes on liveness. */
  private live(doc: RecorderDoc): RecorderInfo {
    const rec = toInfo(this.metaOf(doc));
    if (rec.status !== 'RUNNING' || rec.process === null) return rec;
    if (rec.process.hostname === hostname()) return withLiveness(rec);
    const beat = doc.heartbeatAt instanceof Date ? doc.heartbeatAt.getTime() : 0;
    if (Date.now() - beat <= this.staleAfterMs) return rec;
    return {
      ...rec,
      status: 'FAILED',
      error: `process ${rec.process.pid} on ${rec.process.hostname} sent no heartbeat since ${beat ? new Date(beat).toISOString() : 'it started'}`,
    };
  }

  private experimentInfo(doc: ExperimentDoc): ExperimentInfo {
    const { _id, ...meta } = doc;
    const parsed = ExperimentMeta.safeParse(meta);
    if (!parsed.success) {
      throw new WorkflowError('RECORDER_META_INVALID', `experiment "${_id}" in ${this.location} is not a valid experiment document`, {
        hint: 'it was written by another rollq version or edited by hand',
      });
    }
    return { name: parsed.data.name, createdAt: parsed.data.createdAt };
  }

  private own(recorderId: string): void {
    this.owned.add(recorderId);
    if (this.heartbeat) return;
    this.heartbeat = setInterval(() => {
      this.recorders
        .updateMany({ _id: { $in: [...this.owned] }, status: 'RUNNING' }, { $set: { heartbeatAt: new Date() } })
        .catch(() => {}); // a missed beat is harmless; a long outage reads as a stale heartbeat, as it should
    }, this.heartbeatMs);
    this.heartbeat.unref();
  }

  private disown(recorderId: string): void {
    this.owned.delete(recorderId);
    if (this.owned.size === 0) this.stopHeartbeat();
  }

  private stopHeartbeat(): void {
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.heartbeat = undefined;
  }

  private recorderNotFound(recorderId: string): WorkflowError {
    return new WorkflowError('RECORDER_NOT_FOUND', `recorder ${recorderId} does not exist in ${this.location}`, {
      hint: 'list existing recorders with listRecorders(experiment); the id may come from another store',
      details: { recorderId, location: this.location },
    });
  }

  private artifactNotFound(recorderId: string, name: string): WorkflowError {
    return new WorkflowError('ARTIFACT_NOT_FOUND', `recorder ${recorderId} has no artifact "${name}"`, {
      hint: 'list what it has with listArtifacts(); the run that should have saved it may have failed',
      details: { recorderId, name },
    });
  }
}

/**
 * Opens the {@link MongoRecorderStore} at `url` (`mongodb://host:27017/rollq`; the database is the URL's path,
 * `rollq` when empty): connects, so a server that cannot be reached fails here with `MONGO_UNREACHABLE`
 * (a malformed URL: `MONGO_URL_INVALID`), and creates the store's unique indexes. Close it when done.
 *
 * @example
 * ```ts
 * const store = await openMongoRecorderStore('mongodb://127.0.0.1:27017/rollq');
 * try {
 *   const rec = await store.createRecorder('rolling');
 * } finally {
 *   await store.close();
 * }
 * ```
 */
export async function openMongoRecorderStore(url: string, opts: MongoStoreOptions = {}): Promise<MongoRecorderStore> {
  const conn = await connectMongo(url, { serverSelectionTimeoutMS: opts.serverSelectionTimeoutMS ?? 5000 });
  try {
    const store = new MongoRecorderStore(conn.client, conn.db, url, opts);
    await store.ensureIndexes();
    return store;
  } catch (e) {
    await conn.close().catch(() => {});
    throw e;
  }
}
