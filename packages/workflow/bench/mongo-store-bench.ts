/**
 * The MongoDB recorder store against the directory store: artifact save / load of 20 MB (GridFS behind the
 * artifact index, vs a temp file renamed into place), and daily appends to a prediction table. Prints MB/s,
 * milliseconds and CPU seconds per row. Uses `MONGODB_URL` when set, else starts the test server (H2 backend,
 * commit per command, as the tests run).
 * Run: npm run bench:mongo -w @rollq/workflow [-- MB]   (default 20)
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { startMongoTestServer } from '@rollq/tools/mongo';
import { table } from 'arquero';
import { DirectoryRecorderStore, type RecorderStore } from '../src/index.js';
import { openMongoRecorderStore } from '../src/mongo/index.js';

const mb = Number(process.argv[2] ?? 20);
const server = process.env.MONGODB_URL ? undefined : await startMongoTestServer();
const url = `${process.env.MONGODB_URL?.replace(/\/?$/, '/') ?? server!.url}rollq_bench_${randomBytes(3).toString('hex')}`;
const dir = mkdtempSync(join(tmpdir(), 'rollq-store-bench-'));
const mongo = await openMongoRecorderStore(url);
const stores: Array<[string, RecorderStore]> = [
  ['directory', new DirectoryRecorderStore(dir)],
  ['mongodb', mongo],
];

async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; cpu: number; value: T }> {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const value = await fn();
  const cpu = process.cpuUsage(cpu0);
  return { ms: performance.now() - t0, cpu: (cpu.user + cpu.system) / 1e6, value };
}

const bytes = new Uint8Array(randomBytes(mb * 1024 * 1024));
const rows: Array<Record<string, string | number>> = [];
try {
  for (const [name, store] of stores) {
    const rec = await store.createRecorder('bench');
    await store.saveArtifact(rec.id, 'warmup.bin', bytes.subarray(0, 1 << 20));
    const save = await timed(() => store.saveArtifact(rec.id, 'model.bin', bytes));
    const load = await timed(() => store.loadArtifact(rec.id, 'model.bin'));
    if (!Buffer.from(load.value).equals(Buffer.from(bytes))) throw new Error(`${name}: the loaded bytes differ`);
    rows.push({
      store: name,
      op: `save ${mb} MB`,
      ms: save.ms.toFixed(0),
      'MB/s': (mb / (save.ms / 1000)).toFixed(1),
      'cpu s': save.cpu.toFixed(2),
    });
    rows.push({
      store: name,
      op: `load ${mb} MB`,
      ms: load.ms.toFixed(0),
      'MB/s': (mb / (load.ms / 1000)).toFixed(1),
      'cpu s': load.cpu.toFixed(2),
    });
    // 60 trading days of 500 instruments appended one day at a time, as an online update does.
    const instruments = Array.from({ length: 500 }, (_, i) => `SH${600000 + i}`);
    const append = await timed(async () => {
      for (let d = 0; d < 60; d++) {
        const day = new Date(Date.UTC(2020, 0, 2 + d)).toISOString().slice(0, 10);
        await store.appendPredictions(
          rec.id,
          'pred',
          table({
            datetime: instruments.map(() => day),
            instrument: instruments,
            score: Float64Array.from(instruments, (_, i) => Math.sin(d + i)),
          }),
        );
      }
    });
    rows.push({ store: name, op: 'append 60 days × 500', ms: append.ms.toFixed(0), 'MB/s': '-', 'cpu s': append.cpu.toFixed(2) });
  }
} finally {
  await mongo.db.dropDatabase();
  await mongo.close();
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
}
console.log(`load average ${loadavg()[0]!.toFixed(2)}; server ${process.env.MONGODB_URL ? 'MONGODB_URL' : 'mongo-java-server (H2)'}`);
console.table(rows);
