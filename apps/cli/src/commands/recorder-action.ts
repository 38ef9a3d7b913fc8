import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { toPredictionColumns } from '@rollq/data';
import { RollqError } from '@rollq/data/errors';
import { writeFileAtomic } from '@rollq/data/node-fs';
import {
  closeRecorderStore,
  encodePredictions,
  openRecorderStore,
  PREDICTION_EXTENSIONS,
  type RecorderInfo,
  type RecorderStore,
} from '@rollq/workflow';

/** The work of `rollq recorder list` / `export` (their options: ./recorder.ts), loaded when a command runs. */

export interface RecorderListOptions {
  uri_folder: string;
  experiment?: string;
  json?: boolean;
}

export interface RecorderExportOptions {
  uri_folder: string;
  experiment?: string;
  recorder: string;
  artifact: string;
  out: string;
}

/** One row of `rollq recorder list`. */
export interface RecorderRow {
  id: string;
  experiment: string;
  status: string;
  model: string | null;
  test: [string | null, string | null] | null;
  startTime: string;
}

/** Opens the store; a folder location that does not exist (or is a file) is CONFIG_INVALID, not an empty store. */
async function openStore(location: string): Promise<RecorderStore> {
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(location)) {
    const path = resolve(location);
    if (!existsSync(path) || !statSync(path).isDirectory()) {
      throw new RollqError('CONFIG_INVALID', `--uri-folder ${location}: no recorder store there (${path} is not a folder)`, {
        hint: 'give the --uri_folder a `rollq run` recorded into (default of rollq run: mlruns)',
      });
    }
  }
  return openRecorderStore(location);
}

/** The experiments to look in: the one named (checked, naming the known ones), else all. */
async function experiments(store: RecorderStore, name: string | undefined): Promise<string[]> {
  const all = (await store.listExperiments()).map((e) => e.name);
  if (name === undefined) return all;
  if (!all.includes(name)) {
    throw new RollqError('CONFIG_INVALID', `experiment "${name}" does not exist in the store`, {
      hint: all.length > 0 ? `use one of: ${all.join(', ')}` : 'the store holds no experiment yet: run `rollq run` into it first',
    });
  }
  return [name];
}

/** Every recorder of the experiments, newest first. */
async function recordersOf(store: RecorderStore, names: string[]): Promise<RecorderInfo[]> {
  const recs = (await Promise.all(names.map((n) => store.listRecorders(n)))).flat();
  return recs.sort((a, b) => (a.startTime < b.startTime ? 1 : a.startTime > b.startTime ? -1 : 0));
}

function at(v: unknown, ...path: string[]): unknown {
  let cur = v;
  for (const k of path) cur = cur !== null && typeof cur === 'object' ? (cur as Record<string, unknown>)[k] : undefined;
  return cur;
}

/** A recorder as a list row: the model class and test segment come from its task, when it has one. */
export function recorderRow(rec: RecorderInfo): RecorderRow {
  const model = at(rec.task, 'model', 'class');
  const test = at(rec.task, 'dataset', 'kwargs', 'segments', 'test');
  const day = (d: unknown) => (d === null || d === undefined ? null : String(d).slice(0, 10));
  return {
    id: rec.id,
    experiment: rec.experiment,
    status: rec.status,
    model: typeof model === 'string' ? model : null,
    test: Array.isArray(test) ? [day(test[0]), day(test[1])] : null,
    startTime: rec.startTime,
  };
}

/** Runs `fn` on the store at `location`, closing it after (a MongoDB store's client would keep the process alive). */
async function withStore(location: string, fn: (store: RecorderStore) => Promise<void>): Promise<void> {
  const store = await openStore(location);
  try {
    await fn(store);
  } finally {
    await closeRecorderStore(store);
  }
}

/** Runs `rollq recorder list`: a table (or JSON) of the recorders, newest first. */
export function recorderListAction(o: RecorderListOptions): Promise<void> {
  return withStore(o.uri_folder, (store) => listRecorders(store, o));
}

async function listRecorders(store: RecorderStore, o: RecorderListOptions): Promise<void> {
  const rows = (await recordersOf(store, await experiments(store, o.experiment))).map(recorderRow);
  if (o.json) {
    process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
    return;
  }
  const table = [
    ['id', 'experiment', 'status', 'model', 'test', 'started'],
    ...rows.map((r) => [
      r.id,
      r.experiment,
      r.status,
      r.model ?? '-',
      r.test ? `${r.test[0] ?? '…'}..${r.test[1] ?? '…'}` : '-',
      r.startTime,
    ]),
  ];
  const widths = table[0]!.map((_, j) => Math.max(...table.map((row) => row[j]!.length)));
  process.stdout.write(
    `${table
      .map((row) =>
        row
          .map((c, j) => c.padEnd(widths[j]!))
          .join('  ')
          .trimEnd(),
      )
      .join('\n')}\n`,
  );
  if (rows.length === 0) process.stderr.write('rollq recorder list: no recorder in the store\n');
}

/** The recorder `--recorder` names: an id (in --experiment when given), or the newest FINISHED one. */
async function chooseRecorder(store: RecorderStore, o: RecorderExportOptions): Promise<RecorderInfo> {
  const names = await experiments(store, o.experiment);
  const recs = await recordersOf(store, names);
  if (o.recorder !== 'latest') {
    const rec = recs.find((r) => r.id === o.recorder);
    if (!rec) {
      throw new RollqError(
        'CONFIG_INVALID',
        `no recorder ${o.recorder}${o.experiment ? ` in experiment "${o.experiment}"` : ''} in the store`,
        { hint: 'list the recorders with `rollq recorder list --uri_folder <store>`, or give --recorder latest' },
      );
    }
    return rec;
  }
  const rec = recs.find((r) => r.status === 'FINISHED');
  if (!rec) {
    const where = o.experiment ? `experiment "${o.experiment}"` : 'the store';
    throw new RollqError('CONFIG_INVALID', `${where} has no FINISHED recorder${recs.length > 0 ? ` (${recs.length} not finished)` : ''}`, {
      hint: 'finish a `rollq run` into it first, or give --recorder <id> (see `rollq recorder list`)',
    });
  }
  return rec;
}

/** Runs `rollq recorder export`: the recorder's prediction artifact written as CSV (datetime,instrument,score…). */
export function recorderExportAction(o: RecorderExportOptions): Promise<void> {
  return withStore(o.uri_folder, (store) => exportPredictions(store, o));
}

async function exportPredictions(store: RecorderStore, o: RecorderExportOptions): Promise<void> {
  const rec = await chooseRecorder(store, o);
  const artifacts = await store.listArtifacts(rec.id);
  const files = Object.values(PREDICTION_EXTENSIONS).map((ext) => `${o.artifact}${ext}`);
  if (!artifacts.some((a) => files.includes(a))) {
    const preds = artifacts.filter((a) => /\.(arrow|csv)$/.test(a) && !a.includes('/')).map((a) => a.replace(/\.(arrow|csv)$/, ''));
    throw new RollqError('CONFIG_INVALID', `recorder ${rec.id} (${rec.experiment}) has no prediction artifact "${o.artifact}"`, {
      hint:
        preds.length > 0
          ? `give --artifact one of: ${preds.join(', ')}`
          : 'the recorder holds no predictions: pick another with --recorder',
    });
  }
  const cols = toPredictionColumns(await store.loadPredictions(rec.id, o.artifact));
  await writeFileAtomic(o.out, encodePredictions(cols, 'csv'));
  process.stderr.write(`rollq recorder export: ${o.artifact} of recorder ${rec.id} (${rec.experiment}) written to ${o.out}\n`);
}
