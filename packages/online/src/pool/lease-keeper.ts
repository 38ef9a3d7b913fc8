import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { mongoClientOptions } from '@rollq/workflow/mongo';

/**
 * Renews the leases of the tasks a worker holds from a thread of its own, with its own connection. Training
 * blocks the main event loop for seconds at a time (feature computation is synchronous: 7.7 s of a 8.8 s
 * sp500 task, measured), so a timer there would let a lease expire under a live worker and hand its task to
 * another. A dead process takes the thread with it, so a crashed worker's leases still expire; a worker that
 * hangs keeps its lease (`rollq task reset --running` frees its task).
 */
export interface LeaseKeeper {
  /** Renews `lease` of task `id` every third of `leaseMs` until {@link LeaseKeeper.release}; `onLost` when the lease is gone. */
  hold(id: string, lease: string, leaseMs: number, onLost: () => void): void;
  /** Stops renewing task `id`. */
  release(id: string): void;
  /** Ends the thread and its connection. */
  close(): Promise<void>;
}

/** Where the keeper renews: the server (URL with credentials), database and collection of a pool. */
export interface LeaseTarget {
  url: string;
  db: string;
  collection: string;
}

// Plain CommonJS so the thread runs the same from the TypeScript sources (tests, tsx) and from dist.
const THREAD = `
const { parentPort, workerData } = require('node:worker_threads');
const { MongoClient } = require(workerData.driver);
const client = new MongoClient(workerData.url, workerData.options);
const tasks = client.db(workerData.db).collection(workerData.collection);
const held = new Map();
let busy = false;
const tick = setInterval(async () => {
  if (busy) return;
  busy = true;
  try {
    const now = Date.now();
    for (const [id, h] of held) {
      if (h.next > now) continue;
      try {
        const r = await tasks.updateOne(
          { _id: id, status: 'running', lease: h.lease },
          { $set: { leaseUntil: new Date(Date.now() + h.leaseMs), updated: new Date() } },
        );
        if (!held.has(id)) continue;
        if (r.matchedCount === 1) h.next = Date.now() + Math.max(1, Math.floor(h.leaseMs / 3));
        else { held.delete(id); parentPort.postMessage({ op: 'lost', id }); }
      } catch { /* a dropped connection: the next tick tries again */ }
    }
  } finally { busy = false; }
}, 100);
parentPort.on('message', async (m) => {
  if (m.op === 'hold') held.set(m.id, { lease: m.lease, leaseMs: m.leaseMs, next: Date.now() + Math.max(1, Math.floor(m.leaseMs / 3)) });
  else if (m.op === 'release') held.delete(m.id);
  else if (m.op === 'close') { clearInterval(tick); await client.close().catch(() => {}); parentPort.postMessage({ op: 'closed' }); }
});
`;

/** Starts the lease thread for a pool's collection. */
export function startLeaseKeeper(target: LeaseTarget): LeaseKeeper {
  const driver = createRequire(import.meta.url).resolve('mongodb');
  // the options as rollq's connectMongo sets them (the URL's own win); a renewal that fails is tried again next tick
  const options = mongoClientOptions(target.url, { serverSelectionTimeoutMS: 10_000, retryWrites: false, appName: 'rollq-lease-keeper' });
  const thread = new Worker(THREAD, { eval: true, workerData: { ...target, driver, options } });
  // the thread must never keep a finished worker process alive
  thread.unref();
  const lost = new Map<string, () => void>();
  thread.on('message', (m: { op: string; id?: string }) => {
    if (m.op === 'lost' && m.id) {
      lost.get(m.id)?.();
      lost.delete(m.id);
    }
  });
  return {
    hold(id, lease, leaseMs, onLost) {
      lost.set(id, onLost);
      thread.postMessage({ op: 'hold', id, lease, leaseMs });
    },
    release(id) {
      lost.delete(id);
      thread.postMessage({ op: 'release', id });
    },
    async close() {
      const closed = new Promise<void>((done) => {
        const timer = setTimeout(done, 2000);
        thread.on('message', (m: { op: string }) => {
          if (m.op === 'closed') {
            clearTimeout(timer);
            done();
          }
        });
        thread.once('exit', () => done());
      });
      thread.postMessage({ op: 'close' });
      await closed;
      await thread.terminate();
    },
  };
}
