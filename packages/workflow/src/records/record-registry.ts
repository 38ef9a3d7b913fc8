import type { RecordSpec } from '@rollq/rolling';
import { WorkflowError } from '../errors.js';
import { PortAnaRecord } from './port-ana-record.js';
import type { RecordContext, WorkflowRecord } from './record.js';
import { SigAnaRecord } from './sig-ana-record.js';
import { SignalRecord } from './signal-record.js';

/** Builds a record from its (placeholder-filled) kwargs. */
export type RecordFactory = (kwargs: Record<string, unknown>) => WorkflowRecord;

/** Record classes by Qlib class name. A value, not a global: add your own records to a copy. */
export type RecordRegistry = ReadonlyMap<string, RecordFactory>;

/** SignalRecord, SigAnaRecord and PortAnaRecord (Qlib's `qlib.workflow.record_temp`). */
export function defaultRecordRegistry(): Map<string, RecordFactory> {
  return new Map<string, RecordFactory>([
    ['SignalRecord', () => new SignalRecord()],
    ['SigAnaRecord', (kw) => new SigAnaRecord(kw)],
    ['PortAnaRecord', (kw) => new PortAnaRecord(kw)],
  ]);
}

/** The class name of a record spec: `{class}` or Qlib's dotted shorthand `qlib.workflow.record_temp.SignalRecord`. */
export function recordClassName(spec: RecordSpec): string {
  const cls = typeof spec === 'string' ? spec : spec.class;
  return cls.slice(cls.lastIndexOf('.') + 1);
}

/** Creates the records of a task, failing on an unknown class before any of them runs. */
export function createRecords(
  specs: RecordSpec | RecordSpec[] | undefined,
  registry: RecordRegistry = defaultRecordRegistry(),
): WorkflowRecord[] {
  const list = specs === undefined ? [] : Array.isArray(specs) ? specs : [specs];
  return list.map((spec, i) => {
    const name = recordClassName(spec);
    const factory = registry.get(name);
    if (!factory) {
      throw new WorkflowError('RECORD_INVALID', `task.record[${i}]: unknown record class "${name}"`, {
        hint: `use one of: ${[...registry.keys()].join(', ')}`,
        details: { index: i, class: name },
      });
    }
    return factory(typeof spec === 'string' ? {} : ((spec.kwargs ?? {}) as Record<string, unknown>));
  });
}

/** Options of {@link runRecords}: the record context plus the registry and a per-record callback. */
export interface RunRecordsOptions extends RecordContext {
  registry?: RecordRegistry;
  onRecord?: (name: string) => void;
}

/** Qlib's record loop in `_exe_task`: generate each record in order. */
export async function runRecords(specs: RecordSpec | RecordSpec[] | undefined, opts: RunRecordsOptions): Promise<void> {
  const { registry, onRecord, ...ctx } = opts;
  for (const record of createRecords(specs, registry)) {
    onRecord?.(record.name);
    await record.generate(ctx);
  }
}
