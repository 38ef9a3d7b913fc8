import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPORT_KEYS, runBacktest, type Strategy, TopkDropoutStrategy, validatePredictions, WeightStrategy } from '@rollq/backtest';
import { type PredictionColumns, QlibProvider } from '@rollq/data';
import { usQlibDir } from '@rollq/tools';
import { smallGbdtTask } from '@rollq/workflow/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OnlineManager } from '../manager/online-manager.js';
import { readSignalFile } from '../manager/signal-file.js';
import { readState } from '../manager/state-file.js';
import { DirectoryStateStore } from '../manager/state-store.js';
import { UserManager } from './user-manager.js';
import { advanceUser } from './user-routine.js';
import type { UserState } from './user-state.js';
import { USERS_LOCK_FILE, UserStore } from './user-store.js';

const quiet = { warn: () => {} };

/** The trades and daily rows of a user, as names, to compare with a backtest's. */
function tradesOf(u: UserState) {
  return u.days.flatMap((d) => d.trades.map((t) => ({ date: d.date, ...t })));
}

describe('UserManager on a real online state (shipped US data, small GBDT)', () => {
  let provider: QlibProvider;
  let root: string;
  let state: string;
  let blend: PredictionColumns;
  /** The state's last signal day, and the trading days after `d` up to it. */
  let last: string;
  const daysAfter = (d: string) => provider.calendar.dates.filter((x) => x > d && x <= last);

  beforeAll(async () => {
    provider = QlibProvider.open(await usQlibDir());
    root = mkdtempSync(join(tmpdir(), 'rollq-users-'));
    state = join(root, 'state');
    const m = await OnlineManager.init(
      state,
      {
        strategies: [{ name: 'gbdt', template: [smallGbdtTask('2016-10-31')], rolling: { step: 10 } }],
        beginTime: '2016-10-31',
        region: 'us',
      },
      { provider, ...quiet },
    );
    await m.simulate('2016-11-01', '2016-11-22');
    const st = await readState(state);
    blend = await readSignalFile(state, st.signals!.file);
    last = st.signals!.maxDate!;
    writeFileSync(join(root, 'topk.yaml'), 'account: 1000000\nstrategy:\n  class: TopkDropoutStrategy\n  kwargs: { topk: 4, n_drop: 1 }\n');
    writeFileSync(
      join(root, 'weights.yaml'),
      'account: 500000\nsignal: gbdt\nstrategy:\n  class: WeightStrategy\n  kwargs: { topk: 3, weighting: rank }\nexchange: { open_cost: 0.001 }\n',
    );
  }, 300_000);
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('two users routined day by day follow the trades of a full backtest of their signal and strategy; a second routine does nothing', async () => {
    const users = await UserManager.open(state);
    expect(users.lastSignalDay).toBe(last);
    expect(last >= '2016-11-22').toBe(true);
    const a = await users.add('alice', { config: join(root, 'topk.yaml'), date: '2016-11-04' });
    const b = await users.add('bob', { config: join(root, 'weights.yaml'), date: '2016-11-04' });
    // region us: single shares, no price limit, ^GSPC; the file's values over them
    expect(a.settings.exchange.tradeUnit).toBe(1);
    expect(b.settings.exchange.openCost).toBe(0.001);
    expect(b.settings.benchmark).toBe('^GSPC');
    await expect(users.add('alice', { config: join(root, 'topk.yaml') })).rejects.toMatchObject({ code: 'USER_EXISTS' });

    // one day: added on 11-04 (a Friday), the first routine trades Monday 11-07 only
    const one = await users.routine({ date: '2016-11-07' });
    expect(one.map((r) => r.days)).toEqual([1, 1]);
    // then several days, progress per user and day
    const progress: string[] = [];
    const some = await users.routine({ date: '2016-11-15', onProgress: (p) => progress.push(`${p.user} ${p.date} ${p.done}/${p.total}`) });
    expect(some.map((r) => r.days)).toEqual([6, 6]);
    expect(progress.slice(0, 2)).toEqual(['alice 2016-11-08 1/6', 'alice 2016-11-09 2/6']);
    // then to the last signal day, and again: nothing to do
    await users.routine();
    const again = await users.routine();
    expect(again.map((r) => r.days)).toEqual([0, 0]);
    const again2 = await users.routine({ date: last });
    expect(again2.every((r) => r.days === 0 && r.to === last)).toBe(true);

    const gbdt = (await (await OnlineManager.open(state, { provider, ...quiet })).strategySignals('gbdt'))!;
    const cases: Array<[string, PredictionColumns, Strategy]> = [
      ['alice', blend, new TopkDropoutStrategy({ topk: 4, nDrop: 1 })],
      ['bob', gbdt, new WeightStrategy({ topk: 3, weighting: 'rank' })],
    ];
    for (const [id, cols, strategy] of cases) {
      const u = await users.get(id);
      expect(u.lastDate).toBe(last);
      expect(u.days.map((d) => d.date)).toEqual(daysAfter('2016-11-04'));
      const { signal } = validatePredictions(cols, provider);
      const res = runBacktest(provider, signal, strategy, {
        start: '2016-11-07',
        end: last,
        account: u.settings.account,
        benchmark: '^GSPC',
        exchange: u.settings.exchange,
      });
      const expected = res.trades.map((t) => ({
        date: res.dates[t.day]!,
        instrument: signal.symbols[t.inst]!,
        direction: t.direction,
        amount: t.amount,
        price: t.price,
        value: t.value,
        cost: t.cost,
      }));
      expect(expected.length).toBeGreaterThan(3);
      expect(tradesOf(u)).toEqual(expected);
      for (const k of REPORT_KEYS) expect(u.days.map((d) => d.row[k])).toEqual(Array.from(res.report[k]));
      // the report: summary, metrics, report.html with the charts beside user.json
      const rep = await users.report(id);
      expect(rep.summary.accountValue).toBeCloseTo(res.report.account[res.dates.length - 1]!, 6);
      expect(rep.metrics!.excess_return_with_cost.mean).toBeTypeOf('number');
      const html = readFileSync(join(state, 'users', id, 'report.html'), 'utf8');
      expect(html).toContain('<script type="application/json" id="rollq-charts">');
      expect(html).toContain(`rollq user ${id}`);
    }
    // the two users really traded differently
    expect(tradesOf(await users.get('alice'))).not.toEqual(tradesOf(await users.get('bob')));

    const list = await users.list();
    expect(list.map((s) => [s.id, s.strategy, s.signal, s.days])).toEqual([
      ['alice', 'TopkDropoutStrategy', 'blend', daysAfter('2016-11-04').length],
      ['bob', 'WeightStrategy', 'gbdt', daysAfter('2016-11-04').length],
    ]);
  }, 120_000);

  it('a user added later starts the day after its date; a date before its start or after the signals is refused', async () => {
    const users = await UserManager.open(state);
    await users.add('carol', { config: join(root, 'topk.yaml'), date: '2016-11-18' });
    // before carol's start: the others are up to date, carol has not started
    const early = await users.routine({ date: '2016-11-17' });
    expect(early.find((r) => r.id === 'carol')).toMatchObject({ days: 0, notStarted: true });
    await expect(users.routine({ date: '2016-11-03' })).rejects.toMatchObject({
      code: 'USER_DATE_INVALID',
      message: /routine date 2016-11-03 is before every user's start \(the first, "alice", was added on 2016-11-04\)/,
    });
    await expect(users.routine({ date: '2016-12-30' })).rejects.toMatchObject({
      code: 'USER_DATE_INVALID',
      message: `routine date 2016-12-30 is after the last signal day ${last} of the state`,
    });
    await users.routine();
    const c = await users.get('carol');
    expect(c.days.map((d) => d.date)).toEqual(daysAfter('2016-11-18'));
    expect(c.days[0]!.date).toBe('2016-11-21');
    expect(c.days[0]!.signalDate).toBe('2016-11-18');
  });

  it('a crash between two days leaves the user after its last committed day; the next routine continues to the same days', async () => {
    const users = await UserManager.open(state);
    await users.add('hank', { config: join(root, 'topk.yaml'), date: '2016-11-04' });
    const store = new UserStore(state);
    const { signal } = validatePredictions(blend, provider);
    let n = 0;
    const crash = advanceUser(await store.readRecord('hank'), provider, signal, last, async (next, day) => {
      if (++n === 4) {
        // killed between the journal file and user.json: the day file is there, the commit is not
        writeFileSync(join(state, 'users', 'hank', 'days', `${day.date}.json`), JSON.stringify(day));
        throw new Error('killed before day 4 was committed');
      }
      await store.commitDay(next, day);
    });
    await expect(crash).rejects.toThrow('killed');
    const mid = await store.read('hank');
    expect(mid.days.map((d) => d.date)).toEqual(daysAfter('2016-11-04').slice(0, 3));
    expect(mid.lastDate).toBe(mid.days[2]!.date);
    expect(mid.dayCount).toBe(3);
    expect(readdirSync(join(state, 'users', 'hank', 'days'))).toHaveLength(4);
    await users.routine();
    // alice: the same config, date and signal, routined in other pieces
    expect((await store.read('hank')).days).toEqual((await store.read('alice')).days);
    expect((await store.read('hank')).account).toEqual((await store.read('alice')).account);
  });

  it('random buy/sell methods: the seeded generator continues across routines as in one backtest', async () => {
    writeFileSync(
      join(root, 'random.yaml'),
      'seed: 7\nstrategy:\n  class: TopkDropoutStrategy\n  kwargs: { topk: 4, n_drop: 2, method_sell: random, method_buy: random }\n',
    );
    const users = await UserManager.open(state);
    await users.add('ivy', { config: join(root, 'random.yaml'), date: '2016-11-04' });
    for (const date of ['2016-11-08', '2016-11-09', '2016-11-16', last]) await users.routine({ date });
    const u = await users.get('ivy');
    expect(u.account.randomDraws).toBeGreaterThan(0);
    const { signal } = validatePredictions(blend, provider);
    const res = runBacktest(provider, signal, new TopkDropoutStrategy({ topk: 4, nDrop: 2, methodSell: 'random', methodBuy: 'random' }), {
      start: '2016-11-07',
      end: last,
      account: u.settings.account,
      benchmark: '^GSPC',
      exchange: u.settings.exchange,
      seed: 7,
    });
    expect(tradesOf(u).map((t) => `${t.date} ${t.direction} ${t.instrument} ${t.amount}`)).toEqual(
      res.trades.map((t) => `${res.dates[t.day]} ${t.direction} ${signal.symbols[t.inst]} ${t.amount}`),
    );
    expect(u.days.map((d) => d.row.account)).toEqual(Array.from(res.report.account));
  });

  it('a routine reads the state committed now: an online commit after open (new signal file, old one dropped) is picked up', async () => {
    const users = await UserManager.open(state);
    await users.add('jill', { config: join(root, 'topk.yaml'), date: '2016-11-10' });
    const states = new DirectoryStateStore(state);
    const prev = await states.read();
    const next = await states.commit(prev, structuredClone(prev), blend);
    expect(next.signals!.file).not.toBe(prev.signals!.file);
    expect(existsSync(join(state, prev.signals!.file))).toBe(false);
    const done = await users.routine();
    expect(done.find((r) => r.id === 'jill')!.days).toBe(daysAfter('2016-11-10').length);
  });

  it('remove archives the user folder in one move; the id can be added again', async () => {
    const users = await UserManager.open(state, { now: () => new Date('2026-12-01T10:00:00Z') });
    await users.add('dave', { config: join(root, 'topk.yaml'), date: '2016-11-10' });
    await users.routine();
    const archived = await users.remove('dave');
    expect(archived).toBe(join(state, 'users', '.archive', 'dave-20261201T100000000Z'));
    expect(JSON.parse(readFileSync(join(archived, 'user.json'), 'utf8')).dayCount).toBe(daysAfter('2016-11-10').length);
    expect(readdirSync(join(archived, 'days'))).toHaveLength(daysAfter('2016-11-10').length);
    expect(existsSync(join(archived, 'report.html'))).toBe(true);
    expect(existsSync(join(state, 'users', 'dave'))).toBe(false);
    expect((await users.list()).map((u) => u.id)).not.toContain('dave');
    await expect(users.remove('dave')).rejects.toMatchObject({ code: 'USER_NOT_FOUND' });
    await expect(users.report('dave')).rejects.toMatchObject({ code: 'USER_NOT_FOUND' });
    await users.add('dave', { config: join(root, 'topk.yaml'), date: '2016-11-10' });
    expect((await users.get('dave')).days).toEqual([]);
  });

  it('a routine waits for the users lock another live process holds and fails USERS_LOCKED without touching a user', async () => {
    const users = await UserManager.open(state, { lockTimeoutMs: 300 });
    await users.add('erin', { config: join(root, 'topk.yaml'), date: '2016-11-15' });
    const before = readFileSync(join(state, 'users', 'erin', 'user.json'), 'utf8');
    const holder = spawn('sleep', ['30']);
    try {
      writeFileSync(join(state, 'users', USERS_LOCK_FILE), JSON.stringify({ pid: holder.pid, hostname: hostname() }));
      await expect(users.routine()).rejects.toMatchObject({ code: 'USERS_LOCKED', message: /being written by another process/ });
      expect(readFileSync(join(state, 'users', 'erin', 'user.json'), 'utf8')).toBe(before);
    } finally {
      holder.kill('SIGKILL');
      await new Promise((r) => holder.once('exit', r));
    }
    // the holder died: its lock is broken and the routine runs
    const done = await users.routine();
    expect(done.find((r) => r.id === 'erin')!.days).toBe(daysAfter('2016-11-15').length);
    // two routines at once in this process: they take turns, the second finds nothing to do
    await users.add('fred', { config: join(root, 'topk.yaml'), date: '2016-11-15' });
    const [x, y] = await Promise.all([users.routine(), users.routine()]);
    expect(x.find((r) => r.id === 'fred')!.days + y.find((r) => r.id === 'fred')!.days).toBe(daysAfter('2016-11-15').length);
    expect(readdirSync(join(state, 'users')).filter((f) => f.includes('rollq-tmp'))).toEqual([]);
  });

  it('config errors name the field at file:line:col, in the Qlib spelling', async () => {
    const users = await UserManager.open(state);
    const bad = join(root, 'bad.yaml');
    writeFileSync(bad, 'account: 1000\nstrategy:\n  class: TopkDropoutStrategy\n  kwargs:\n    topk: 4\n    n_dorp: 1\n');
    await expect(users.add('gina', { config: bad })).rejects.toMatchObject({
      code: 'USER_CONFIG_INVALID',
      message: expect.stringContaining(`${bad}:6:5: strategy.kwargs.n_dorp: unknown field`),
    });
    writeFileSync(bad, 'strategy:\n  class: Momentum\n');
    await expect(users.add('gina', { config: bad })).rejects.toMatchObject({
      code: 'USER_CONFIG_INVALID',
      message: /bad\.yaml:2:\d+: strategy\.class/,
    });
    writeFileSync(bad, 'signal: nope\nstrategy: { class: TopkDropoutStrategy, kwargs: {} }\n');
    await expect(users.add('gina', { config: bad })).rejects.toMatchObject({ code: 'USER_CONFIG_INVALID', message: /signal "nope"/ });
    await expect(users.add('../x', { config: bad })).rejects.toMatchObject({ code: 'USER_ID_INVALID' });
    expect(existsSync(join(state, 'users', 'gina'))).toBe(false);
  });
});
