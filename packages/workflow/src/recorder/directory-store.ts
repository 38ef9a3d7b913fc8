import { access, mkdir, readFile, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { appendNewRows, fromPredictionColumns, type PredictionColumns, replaceDateRange, toPredictionColumns } from '@rollq/data';
import {
  createFileExclusive,
  currentProcess,
  isHiddenName,
  isMissing,
  listVisibleDirs,
  listVisibleFiles,
  withFileLock,
  writeFileAtomic,
  writeJsonAtomic,
} from '@rollq/data/node-fs';
import { z } from '@rollq/data/zod';
import type { ColumnTable } from 'arquero';
import { WorkflowError } from '../errors.js';
import { decodeJsonArtifact, encodeJsonArtifact } from './json-artifact.js';
import { withLiveness } from './liveness.js';
import { assertArtifactName, assertExperimentName } from './names.js';
import { parseInput } from './parse-input.js';
import { decodePredictions, encodePredictions, PREDICTION_EXTENSIONS, type PredictionFormat } from './prediction-table.js';
import { readDoc } from './read-doc.js';
import { matchesFilter, newestFirst, type RecorderFilter } from './recorder-filter.js';
import { newRecorderId } from './recorder-id.js';
import type { AppendResult, EndRecorderOptions, RecorderStore, ReplaceResult } from './recorder-store.js';
import {
  type CreateRecorderInput,
  CreateRecorderOptions,
  type ExperimentInfo,
  ExperimentMeta,
  type MetricPoint,
  MetricsDocument,
  ParamValue,
  RECORDER_SCHEMA_VERSION,
  type RecorderInfo,
  RecorderMeta,
  type RecorderStatus,
} from './schemas.js';

const META = 'meta.json';
const METRICS = 'metrics.json';
const EXPERIMENT = 'experiment.json';
const ARTIFACTS = 'artifacts';
const LOCK = '.lock';

function toInfo(meta: z.output<typeof RecorderMeta>): RecorderInfo {
  const { schemaVersion: _v, ...info } = meta;
  return info;
}

/**
 * The default {@link RecorderStore}: a folder tree like Qlib's `mlruns`.
 *
 * ```
 * <root>/<experiment>/experiment.json
 * <root>/<experiment>/<recorderId>/meta.json      zod-validated, schemaVersion 1
 * <root>/<experiment>/<recorderId>/metrics.json
 * <root>/<experiment>/<recorderId>/artifacts/…     bytes, JSON, predictions (.arrow / .csv)
 * ```
 *
 * Every write goes through a temp file renamed into place; read-modify-write updates of one recorder
 * hold its `.lock` file, so concurrent writers (threads of one process or several processes) never lose
 * an update. Names starting with `.` (temp and lock files) are invisible to readers.
 *
 * @example
 * ```ts
 * const store = new DirectoryRecorderStore('./mlruns');
 * const rec = await store.createRecorder('rolling', { task });
 * await store.savePredictions(rec.id, 'pred', preds);
 * ```
 */
export class DirectoryRecorderStore implements RecorderStore {
  /** Experiment of each recorder id seen, so id lookups skip the folder scan. */
  private readonly experimentOf = new Map<string, string>();

  /** @param root folder holding one sub-folder per experiment (created on first write). */
  constructor(readonly root: string) {}

  /**
   * The folder of recorder `recorderId` of `experiment` (`<root>/<experiment>/<recorderId>`), where its
   * `meta.json`, metrics and `artifacts/` live; for showing users where a run was kept.
   */
  recorderPath(experiment: string, recorderId: string): string {
    return join(this.root, experiment, recorderId);
  }

  async createExperiment(name: string): Promise<ExperimentInfo> {
    assertExperimentName(name);
    const dir = join(this.root, name);
    // The common case (it exists) costs one read, not a synced write.
    const existing = await readDoc(join(dir, EXPERIMENT), ExperimentMeta);
    if (existing) return { name: existing.name, createdAt: existing.createdAt };
    await mkdir(dir, { recursive: true });
    const meta = { schemaVersion: RECORDER_SCHEMA_VERSION, name, createdAt: new Date().toISOString() };
    // Exclusive create: concurrent creators agree on one document instead of overwriting each other.
    await createFileExclusive(join(dir, EXPERIMENT), `${JSON.stringify(meta, null, 2)}\n`);
    return this.getExperiment(name);
  }

  async getExperiment(name: string): Promise<ExperimentInfo> {
    assertExperimentName(name);
    const meta = await readDoc(join(this.root, name, EXPERIMENT), ExperimentMeta);
    if (!meta) {
      throw new WorkflowError('EXPERIMENT_NOT_FOUND', `experiment "${name}" does not exist in ${this.root}`, {
        hint: 'create it with createExperiment() or start a run in it with runInRecorder()',
        details: { name, root: this.root },
      });
    }
    return { name: meta.name, createdAt: meta.createdAt };
  }

  async listExperiments(): Promise<ExperimentInfo[]> {
    const out: ExperimentInfo[] = [];
    for (const name of await listVisibleDirs(this.root)) {
      const meta = await readDoc(join(this.root, name, EXPERIMENT), ExperimentMeta);
      if (meta) out.push({ name: meta.name, createdAt: meta.createdAt });
    }
    return out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  async createRecorder(experiment: string, opts: CreateRecorderInput = {}): Promise<RecorderInfo> {
    const o = parseInput(CreateRecorderOptions, opts, 'recorder options');
    await this.createExperiment(experiment);
    for (;;) {
      const now = new Date();
      const id = newRecorderId(now);
      const dir = this.recorderPath(experiment, id);
      try {
        await mkdir(dir); // not recursive: EEXIST tells us the id is taken
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'EEXIST') continue;
        throw e;
      }
      const meta: z.output<typeof RecorderMeta> = {
        schemaVersion: RECORDER_SCHEMA_VERSION,
        id,
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
      };
      // Until meta.json lands the folder is invisible to readers, so a crash here leaves no half recorder.
      await writeJsonAtomic(join(dir, META), RecorderMeta.parse(meta));
      this.experimentOf.set(id, experiment);
      return toInfo(meta);
    }
  }

  async getRecorder(recorderId: string): Promise<RecorderInfo> {
    const dir = await this.recorderDir(recorderId);
    return withLiveness(toInfo((await readDoc(join(dir, META), RecorderMeta))!));
  }

  async listRecorders(experiment: string, filter: RecorderFilter = {}): Promise<RecorderInfo[]> {
    assertExperimentName(experiment);
    const expDir = join(this.root, experiment);
    const metas = await Promise.all((await listVisibleDirs(expDir)).map((id) => readDoc(join(expDir, id, META), RecorderMeta)));
    const out: RecorderInfo[] = [];
    for (const meta of metas) {
      if (!meta) continue; // creation interrupted before meta.json was renamed into place
      this.experimentOf.set(meta.id, experiment);
      const rec = withLiveness(toInfo(meta));
      if (matchesFilter(rec, filter)) out.push(rec);
    }
    return out.sort(newestFirst);
  }

  async setTags(recorderId: string, tags: Record<string, string>): Promise<RecorderInfo> {
    const parsed = parseInput(z.record(z.string(), z.string()), tags, 'tags');
    return this.updateMeta(recorderId, (m) => ({ ...m, tags: { ...m.tags, ...parsed } }));
  }

  async logParams(recorderId: string, params: Record<string, ParamValue>): Promise<RecorderInfo> {
    const parsed = parseInput(z.record(z.string(), ParamValue), params, 'params');
    return this.updateMeta(recorderId, (m) => ({ ...m, params: { ...m.params, ...parsed } }));
  }

  resumeRecorder(recorderId: string): Promise<RecorderInfo> {
    return this.updateMeta(recorderId, (m) => ({ ...m, status: 'RUNNING', endTime: null, error: null, process: currentProcess() }));
  }

  endRecorder(recorderId: string, status: Exclude<RecorderStatus, 'RUNNING'>, opts: EndRecorderOptions = {}): Promise<RecorderInfo> {
    const error = status === 'FAILED' ? (opts.error ?? 'failed (no reason given)') : null;
    return this.updateMeta(recorderId, (m) => ({ ...m, status, endTime: new Date().toISOString(), error, process: null }));
  }

  async logMetrics(recorderId: string, metrics: Record<string, number>, step?: number | string): Promise<void> {
    await this.updateMetrics(recorderId, (series) => {
      for (const [name, value] of Object.entries(metrics)) {
        const s = (series[name] ??= []);
        s.push({ step: step ?? s.length, value });
      }
    });
  }

  async logMetricSeries(recorderId: string, name: string, points: readonly MetricPoint[]): Promise<void> {
    await this.updateMetrics(recorderId, (series) => {
      (series[name] ??= []).push(...points.map((p) => ({ step: p.step, value: p.value })));
    });
  }

  async getMetrics(recorderId: string): Promise<Record<string, MetricPoint[]>> {
    const doc = await readDoc(join(await this.recorderDir(recorderId), METRICS), MetricsDocument);
    return doc?.series ?? {};
  }

  async saveArtifact(recorderId: string, name: string, data: Uint8Array): Promise<void> {
    const path = await this.artifactPath(recorderId, name);
    await mkdir(dirname(path), { recursive: true });
    await writeFileAtomic(path, data);
  }

  async loadArtifact(recorderId: string, name: string): Promise<Uint8Array> {
    const path = await this.artifactPath(recorderId, name);
    try {
      return new Uint8Array(await readFile(path));
    } catch (e) {
      if (isMissing(e)) throw this.artifactNotFound(recorderId, name);
      throw e;
    }
  }

  async saveJson(recorderId: string, name: string, value: unknown): Promise<void> {
    await this.saveArtifact(recorderId, name, encodeJsonArtifact(name, value));
  }

  async loadJson(recorderId: string, name: string): Promise<unknown> {
    return decodeJsonArtifact(recorderId, name, await this.loadArtifact(recorderId, name));
  }

  async listArtifacts(recorderId: string): Promise<string[]> {
    return listVisibleFiles(join(await this.recorderDir(recorderId), ARTIFACTS));
  }

  async savePredictions(recorderId: string, name: string, table: ColumnTable, format: PredictionFormat = 'arrow'): Promise<void> {
    const cols = toPredictionColumns(table);
    await this.withRecorderLock(recorderId, () => this.writePredictions(recorderId, name, cols, format));
  }

  async loadPredictions(recorderId: string, name: string): Promise<ColumnTable> {
    const found = await this.readPredictions(recorderId, name);
    if (!found) throw this.artifactNotFound(recorderId, `${name}.arrow|.csv`);
    return fromPredictionColumns(found.cols);
  }

  async appendPredictions(recorderId: string, name: string, table: ColumnTable): Promise<AppendResult> {
    const extra = toPredictionColumns(table);
    return this.withRecorderLock(recorderId, async () => {
      const found = await this.readPredictions(recorderId, name);
      if (!found) {
        const { merged } = appendNewRows(
          { datetime: [], instrument: [], values: new Map([...extra.values.keys()].map((k) => [k, new Float64Array(0)])) },
          extra,
        );
        await this.writePredictions(recorderId, name, merged, 'arrow');
        return { added: merged.datetime.length, total: merged.datetime.length };
      }
      const { merged, added } = appendNewRows(found.cols, extra);
      // Nothing new: leave the file alone, so a repeated update costs a read and no write.
      if (added > 0) await this.writePredictions(recorderId, name, merged, found.format);
      return { added, total: merged.datetime.length };
    });
  }

  async replacePredictionRange(recorderId: string, name: string, table: ColumnTable): Promise<ReplaceResult> {
    const extra = toPredictionColumns(table);
    return this.withRecorderLock(recorderId, async () => {
      const found = await this.readPredictions(recorderId, name);
      const base = found?.cols ?? {
        datetime: [],
        instrument: [],
        values: new Map([...extra.values.keys()].map((k) => [k, new Float64Array(0)])),
      };
      const { merged, replaced } = replaceDateRange(base, extra);
      await this.writePredictions(recorderId, name, merged, found?.format ?? 'arrow');
      return { replaced, written: merged.datetime.length - (base.datetime.length - replaced), total: merged.datetime.length };
    });
  }

  // ---- internals -------------------------------------------------------------------------------

  /** Writes predictions in `format` and removes the other format's file, so loading is never ambiguous. */
  private async writePredictions(recorderId: string, name: string, cols: PredictionColumns, format: PredictionFormat): Promise<void> {
    const path = await this.artifactPath(recorderId, name + PREDICTION_EXTENSIONS[format]);
    await mkdir(dirname(path), { recursive: true });
    await writeFileAtomic(path, encodePredictions(cols, format));
    const other: PredictionFormat = format === 'arrow' ? 'csv' : 'arrow';
    await rm(await this.artifactPath(recorderId, name + PREDICTION_EXTENSIONS[other]), { force: true });
  }

  private async readPredictions(recorderId: string, name: string): Promise<{ cols: PredictionColumns; format: PredictionFormat } | null> {
    for (const format of ['arrow', 'csv'] as const) {
      let bytes: Buffer;
      try {
        bytes = await readFile(await this.artifactPath(recorderId, name + PREDICTION_EXTENSIONS[format]));
      } catch (e) {
        if (isMissing(e)) continue;
        throw e;
      }
      return { cols: decodePredictions(new Uint8Array(bytes), format), format };
    }
    return null;
  }

  private async withRecorderLock<T>(recorderId: string, fn: () => Promise<T>): Promise<T> {
    return withFileLock(join(await this.recorderDir(recorderId), LOCK), fn);
  }

  private async updateMeta(
    recorderId: string,
    change: (m: z.output<typeof RecorderMeta>) => z.output<typeof RecorderMeta>,
  ): Promise<RecorderInfo> {
    const path = join(await this.recorderDir(recorderId), META);
    return this.withRecorderLock(recorderId, async () => {
      const next = RecorderMeta.parse(change((await readDoc(path, RecorderMeta))!));
      await writeJsonAtomic(path, next);
      return withLiveness(toInfo(next));
    });
  }

  private async updateMetrics(recorderId: string, change: (series: Record<string, MetricPoint[]>) => void): Promise<void> {
    const path = join(await this.recorderDir(recorderId), METRICS);
    await this.withRecorderLock(recorderId, async () => {
      const series = (await readDoc(path, MetricsDocument))?.series ?? {};
      change(series);
      // NaN becomes null in JSON; MetricPoint turns it back into NaN on read.
      await writeJsonAtomic(path, { schemaVersion: RECORDER_SCHEMA_VERSION, series });
    });
  }

  private async artifactPath(recorderId: string, name: string): Promise<string> {
    assertArtifactName(name);
    return join(await this.recorderDir(recorderId), ARTIFACTS, ...name.split('/'));
  }

  private artifactNotFound(recorderId: string, name: string): WorkflowError {
    return new WorkflowError('ARTIFACT_NOT_FOUND', `recorder ${recorderId} has no artifact "${name}"`, {
      hint: 'list what it has with listArtifacts(); the run that should have saved it may have failed',
      details: { recorderId, name },
    });
  }

  /** Folder of a recorder: the cached experiment, else a scan of the experiments for `<exp>/<id>/meta.json`. */
  private async recorderDir(recorderId: string): Promise<string> {
    if (typeof recorderId !== 'string' || isHiddenName(recorderId) || /[/\\]/.test(recorderId) || recorderId === '') {
      throw new WorkflowError('RECORDER_NOT_FOUND', `recorder id ${JSON.stringify(recorderId)} is malformed`, {
        hint: 'pass the id of a RecorderInfo from createRecorder() or listRecorders()',
      });
    }
    const cached = this.experimentOf.get(recorderId);
    const candidates = cached ? [cached] : await listVisibleDirs(this.root);
    for (const exp of candidates) {
      const dir = this.recorderPath(exp, recorderId);
      try {
        await access(join(dir, META));
      } catch (e) {
        if (isMissing(e)) continue;
        throw e;
      }
      this.experimentOf.set(recorderId, exp);
      return dir;
    }
    throw new WorkflowError('RECORDER_NOT_FOUND', `recorder ${recorderId} does not exist in ${this.root}`, {
      hint: 'list existing recorders with listRecorders(experiment); the id may come from another store root',
      details: { recorderId, root: this.root },
    });
  }
}
