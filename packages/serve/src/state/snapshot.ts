import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { FeatureStore, QlibProvider, toPredictionColumns } from '@rollq/data';
import { DirectoryStateStore, lastOnline, type ManagerState, readState, stateStoreLocation } from '@rollq/online';
import {
  defaultTaskComponents,
  loadRecorderModel,
  openRecorderStore,
  RECORD_ARTIFACTS,
  type RecorderModel,
  type RecorderStore,
  type TaskComponents,
} from '@rollq/workflow';
import { ServeError } from '../errors.js';
import { DayIndex } from './day-index.js';

/** One online model as the service holds it. */
export interface ServedModel {
  strategy: string;
  /** Recorder id. */
  id: string;
  modelClass: string;
  /** Its stored predictions, up to the committed manager time. */
  preds: DayIndex;
  /** The loaded model and its training-time dataset state (to predict days after the stored ones). */
  loaded: RecorderModel;
}

/** A model of the online set that could not be loaded (the service is Degraded while one is). */
export interface ModelFailure {
  strategy: string;
  id: string;
  reason: string;
}

/**
 * Everything the service answers from, read from one committed manager state: never changed after it is
 * built, and swapped whole when a new commit is read, so a request sees one commit from start to end.
 */
export interface ServeSnapshot {
  readonly dir: string;
  readonly state: ManagerState;
  /** `state.commit`: which commit this is. */
  readonly commit: number;
  readonly loadedAt: Date;
  readonly provider: QlibProvider;
  /** The calendar file and its mtime when read: new data days make the service re-read (staleness, computed days). */
  readonly calendar: { path: string; mtimeMs: number | null };
  readonly store: RecorderStore;
  /** Where the recorder store is (a folder or a mongodb:// URL): prediction workers open their own. */
  readonly storeLocation: string;
  readonly components: TaskComponents;
  /** The blended signals of the commit (null before the first routine). */
  readonly signals: DayIndex | null;
  /** Online set per strategy (from the last history entry), in state order. */
  readonly online: Readonly<Record<string, readonly string[]>>;
  /** The loaded online models, strategy by strategy. */
  readonly models: readonly ServedModel[];
  readonly failures: readonly ModelFailure[];
}

/** Options of {@link loadSnapshot}. */
export interface LoadSnapshotOptions {
  /** The recorder store (default: opened from the state's `store` location). */
  store?: RecorderStore;
  /** Builds datasets and models (default: the registries, with one feature cache). */
  components?: TaskComponents;
}

/** How often a load is retried when the commit it read was replaced under it (its signal file removed). */
const RACE_RETRIES = 5;

/**
 * Reads the committed state of `dir` into a {@link ServeSnapshot}: the state document, the signal file it
 * points at (written before the state, so complete), each online model's predictions cut at the state's
 * time (a routine extends predictions before it commits; those days are not served until it has) and the
 * models themselves. A commit that replaces the state while it is read (its signal file is removed) makes
 * it start again from the new state.
 */
export async function loadSnapshot(dir: string, opts: LoadSnapshotOptions = {}): Promise<ServeSnapshot> {
  for (let attempt = 0; ; attempt++) {
    const state = await readState(dir);
    try {
      return await snapshotOf(dir, state, opts);
    } catch (e) {
      const fresh = await readState(dir).catch(() => state);
      if (fresh.commit === state.commit || attempt >= RACE_RETRIES) throw e;
    }
  }
}

async function snapshotOf(dir: string, state: ManagerState, opts: LoadSnapshotOptions): Promise<ServeSnapshot> {
  if (state.dataDir === null) {
    throw new ServeError('SERVE_STATE_NOT_FOUND', `the online state in ${dir} names no data folder`, {
      hint: 'states written by an older rollq lack dataDir: re-init the state with `rollq online init`',
    });
  }
  const calendarPath = join(state.dataDir, 'calendars', 'day.txt');
  const calendarMtime = await calendarMtimeOf(calendarPath);
  const provider = QlibProvider.open(state.dataDir);
  const location = stateStoreLocation(dir, state.store);
  const store = opts.store ?? (await openRecorderStore(location));
  const components = opts.components ?? defaultTaskComponents({ featureStore: new FeatureStore() });
  const signals = state.signals ? new DayIndex(await new DirectoryStateStore(dir).readSignals(state.signals.file)) : null;
  const online = lastOnline(state);
  // predictions are served up to the committed time or the committed signals' last day (models predict their
  // whole test segment at training); a routine in progress extends them past it before it commits
  const servedTo = state.signals?.maxDate && state.signals.maxDate > state.curTime ? state.signals.maxDate : state.curTime;
  const models: ServedModel[] = [];
  const failures: ModelFailure[] = [];
  for (const s of state.strategies) {
    for (const id of online[s.name] ?? []) {
      try {
        const preds = toPredictionColumns(await store.loadPredictions(id, RECORD_ARTIFACTS.pred));
        const loaded = await loadRecorderModel(store, id, components);
        models.push({ strategy: s.name, id, modelClass: loaded.task.model.class, preds: new DayIndex(preds, servedTo), loaded });
      } catch (e) {
        failures.push({ strategy: s.name, id, reason: e instanceof Error ? e.message : String(e) });
      }
    }
  }
  const calendar = { path: calendarPath, mtimeMs: calendarMtime };
  return {
    dir,
    state,
    commit: state.commit,
    loadedAt: new Date(),
    provider,
    calendar,
    store,
    storeLocation: location,
    components,
    signals,
    online,
    models,
    failures,
  };
}

/** The calendar file's mtime (null when it cannot be read: the provider reports that itself). */
export async function calendarMtimeOf(path: string): Promise<number | null> {
  return stat(path).then(
    (s) => s.mtimeMs,
    () => null,
  );
}

/** Disposes the models of a snapshot no request uses any more. */
export function disposeSnapshot(s: ServeSnapshot): void {
  for (const m of s.models) m.loaded.model.dispose();
}
