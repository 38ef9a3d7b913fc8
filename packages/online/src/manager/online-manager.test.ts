import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { QlibProvider } from '@rollq/data';
import { usQlibDir } from '@rollq/tools';
import { smallGbdtTask } from '@rollq/workflow/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { failingCommits, InjectedFault } from '../testing/faults.js';
import { OnlineManager } from './online-manager.js';
import { STATE_FILE } from './state-file.js';
import type { ManagerState } from './state-schema.js';
import { DirectoryStateStore } from './state-store.js';

const quiet = { warn: () => {} };
const strategy = (name: string) => ({ name, template: [smallGbdtTask('2016-10-31')], rolling: { step: 10 } });

describe('OnlineManager on the shipped US data', () => {
  let provider: QlibProvider;
  let root: string;
  const dir = (n: string) => join(root, n);

  beforeAll(async () => {
    provider = await QlibProvider.open(await usQlibDir());
    root = mkdtempSync(join(tmpdir(), 'rollq-mgr-'));
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('simulate gives the signals of daily routines; state survives a restart; rollback restores an online set', async () => {
    const init = { strategies: [strategy('lin')], beginTime: '2016-10-31' };
    const a = await OnlineManager.init(dir('a'), init, { provider, ...quiet });
    const days = provider.calendar.dates.filter((d) => d >= '2016-11-01' && d <= '2016-11-30');
    // half the routines in one process, the rest in a fresh one opened from state.json
    for (const d of days.slice(0, 10)) await a.routine(d);
    const a2 = await OnlineManager.open(dir('a'), { provider, ...quiet });
    expect(a2.snapshot()).toEqual(a.snapshot());
    for (const d of days.slice(10)) await a2.routine(d);

    const warnings: string[] = [];
    const b = await OnlineManager.init(dir('b'), init, { provider, warn: (m) => warnings.push(m) });
    await b.simulate('2016-11-01', '2016-11-30');
    // models the simulation logged but has not trained yet stay out of the signals silently
    expect(warnings).toEqual([]);

    const sa = (await a2.getSignals())!;
    const sb = (await b.getSignals())!;
    expect(sa.numRows()).toBeGreaterThan(12 * 20);
    expect(sb.array('datetime')).toEqual(sa.array('datetime'));
    expect(sb.array('instrument')).toEqual(sa.array('instrument'));
    const x = sa.array('score') as Float64Array;
    const y = sb.array('score') as Float64Array;
    for (let i = 0; i < x.length; i++) expect(y[i]).toBeCloseTo(x[i]!, 9);

    // new windows came online on the days their test started (Qlib's prepare_tasks condition)
    const hist = a2.history();
    const switched = hist.filter((h) => h.kind === 'routine' && (h.trained.lin?.length ?? 0) > 0).map((h) => h.time);
    const cal = provider.calendar.dates;
    const next = (d: string) => cal[cal.indexOf(d) + 10]!; // step 10 trading days (Thanksgiving is a holiday)
    expect(switched).toEqual([next('2016-10-31'), next(next('2016-10-31'))]);
    expect(
      b
        .history()
        .filter((h) => (h.trained.lin?.length ?? 0) > 0 && h.kind === 'simulate')
        .map((h) => h.time),
    ).toEqual(switched);

    // rollback to the first training's online set
    const e = await a2.rollback(0);
    expect(e.rollbackTo).toBe(0);
    const online = (await a2.status()).strategies[0]!.online.map((o) => o.id).sort();
    expect(online).toEqual([...hist[0]!.online.lin!].sort());
    const reopened = await OnlineManager.open(dir('a'), { provider, ...quiet });
    expect(reopened.history().at(-1)).toMatchObject({ kind: 'rollback', rollbackTo: 0 });
  });

  it('a crash after training keeps the last good state; the next routine repairs and reuses the trained recorder', async () => {
    const m = await OnlineManager.init(dir('c'), { strategies: [strategy('lin')], beginTime: '2016-10-31' }, { provider, ...quiet });
    await m.routine('2016-11-11');
    const good = readFileSync(join(dir('c'), STATE_FILE), 'utf8');
    // the step trains, tags and writes predictions, then dies before its commit
    const trainedSomething = (next: ManagerState) => Object.values(next.history.at(-1)!.trained).some((t) => t.length > 0);
    const stateStore = failingCommits(new DirectoryStateStore(dir('c')), trainedSomething);
    const crashing = await OnlineManager.open(dir('c'), { provider, ...quiet, stateStore });
    await expect(crashing.routine('2016-11-14')).rejects.toBeInstanceOf(InjectedFault);
    expect(readFileSync(join(dir('c'), STATE_FILE), 'utf8')).toBe(good);
    const leftovers = (await m.store.listRecorders('lin')).length;

    const fresh = await OnlineManager.open(dir('c'), { provider, ...quiet });
    await fresh.routine('2016-11-14');
    const last = fresh.history().at(-1)!;
    expect(last.trained.lin).toHaveLength(1);
    // reused, not retrained: no new recorder appeared
    expect((await fresh.store.listRecorders('lin')).length).toBe(leftovers);
    expect((await fresh.status()).strategies[0]!.online.map((o) => o.id)).toEqual(last.online.lin);
  });

  it('a kill between a training ending and its train_status tag: the next routine still reuses that recorder', async () => {
    const m = await OnlineManager.init(dir('t'), { strategies: [strategy('lin')], beginTime: '2016-10-31' }, { provider, ...quiet });
    await m.routine('2016-11-11');
    const committed = new Set(m.snapshot().recorders.lin);
    const trainedSomething = (next: ManagerState) => Object.values(next.history.at(-1)!.trained).some((t) => t.length > 0);
    const stateStore = failingCommits(new DirectoryStateStore(dir('t')), trainedSomething);
    const crashing = await OnlineManager.open(dir('t'), { provider, ...quiet, stateStore });
    await expect(crashing.routine('2016-11-14')).rejects.toBeInstanceOf(InjectedFault);
    // what tools/crash found: the recorder FINISHED (model, predictions) but the kill came before the tag
    const left = (await m.store.listRecorders('lin')).filter((r) => !committed.has(r.id));
    expect(left).toHaveLength(1);
    const meta = join(dir('t'), 'recorders', 'lin', left[0]!.id, 'meta.json');
    const doc = JSON.parse(readFileSync(meta, 'utf8'));
    delete doc.tags.train_status;
    writeFileSync(meta, JSON.stringify(doc));

    const fresh = await OnlineManager.open(dir('t'), { provider, ...quiet });
    await fresh.routine('2016-11-14');
    expect(fresh.history().at(-1)!.trained.lin).toEqual([left[0]!.id]);
    expect((await fresh.store.listRecorders('lin')).length).toBe(committed.size + 1);
    expect((await fresh.store.getRecorder(left[0]!.id)).tags.train_status).toBe('end_task_train');
  });

  it('the canary keeps a worse model offline and records the decision', async () => {
    // threshold -1 demands an IC gain of at least 1, which no model reaches: every replacement is rejected
    const m = await OnlineManager.init(
      dir('k'),
      { strategies: [strategy('lin')], beginTime: '2016-10-31', canary: { threshold: -1 } },
      { provider, ...quiet },
    );
    const before = m.history()[0]!.online.lin!;
    await m.routine('2016-11-14');
    const e = m.history().at(-1)!;
    expect(e.canary).toHaveLength(1);
    const d = e.canary[0]!;
    expect(d.accepted).toBe(false);
    expect(typeof d.candidateIC).toBe('number');
    expect(typeof d.replacedIC).toBe('number');
    expect(d.threshold).toBe(-1);
    expect([...e.online.lin!].sort()).toEqual([...before].sort());
    expect(m.snapshot().rejected.lin).toEqual([d.candidate]);
    // the rejected window is not trained again the next day
    await m.routine('2016-11-15');
    expect(m.history().at(-1)!.trained.lin).toEqual([]);
  });
});
