/**
 * A user's routine catching up a year of trading days, one commit per day (the day's journal file, then
 * `user.json`): TopK-dropout 50 / 5 on a seeded random signal over the sp500 market of the shipped US data
 * (2016). Prints the time per day at the start and the end of the year (a commit writes one day, so it
 * must not grow with the days held), the file sizes, reading the whole journal, and CPU next to wall time.
 * Run: npx tsx --conditions=@rollq/source bench/user-routine-bench.ts
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { regionDefaults, Signal } from '@rollq/backtest';
import { mulberry32, QlibProvider } from '@rollq/data';
import { usQlibDir } from '@rollq/tools';
import {
  advanceUser,
  newAccount,
  resolveUserConfig,
  USER_DAYS_DIR,
  USER_FILE,
  USER_STATE_VERSION,
  type UserRecord,
  UserStore,
} from '../src/index.js';

const provider = QlibProvider.open(await usQlibDir());
const cal = provider.calendar;
const [from, to] = cal.locate('2016-01-04', '2016-12-30');
const members = [...provider.listInstruments('sp500', from, to).keys()];
const rnd = mulberry32(1);
const rows: Array<{ pos: number; instrument: string; score: number }> = [];
for (let p = from - 1; p <= to; p++) for (const instrument of members) rows.push({ pos: p, instrument, score: rnd() });
const signal = Signal.fromRows(rows);

const root = mkdtempSync(join(tmpdir(), 'rollq-user-bench-'));
const store = new UserStore(root);
const settings = resolveUserConfig({ strategy: { class: 'TopkDropoutStrategy', kwargs: { topk: 50, n_drop: 5 } } }, regionDefaults('us'));
const addDate = cal.date(from - 1);
const user: UserRecord = {
  schemaVersion: USER_STATE_VERSION,
  id: 'bench',
  addedAt: new Date().toISOString(),
  addDate,
  lastDate: addDate,
  settings,
  account: newAccount(settings.account),
  dayCount: 0,
};
await store.create(user);
const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const marks: Array<{ done: number; wall: number; cpu: number }> = [];
const t0 = performance.now();
const c0 = cpu();
await advanceUser(user, provider, signal, cal.date(to), async (next, day, p) => {
  await store.commitDay(next, day);
  if (p.done === 1 || p.done === 20 || p.done === p.total - 19 || p.done === p.total)
    marks.push({ done: p.done, wall: performance.now() - t0, cpu: cpu() - c0 });
});
const size = statSync(join(store.userDir('bench'), USER_FILE)).size;
const daySize = statSync(join(store.userDir('bench'), USER_DAYS_DIR, `${cal.date(to)}.json`)).size;
const per = (a: number, b: number, k: 'wall' | 'cpu') => (marks[b]![k] - marks[a]![k]) / (marks[b]!.done - marks[a]!.done);
console.log(
  `user routine over ${marks[3]!.done} trading days, ${members.length} names, TopK 50/5 (load average ${loadavg()[0]!.toFixed(1)})`,
);
console.log('| measure | wall | CPU |');
console.log('| --- | ---: | ---: |');
console.log(`| whole year | ${(marks[3]!.wall / 1000).toFixed(2)} s | ${(marks[3]!.cpu / 1000).toFixed(2)} s |`);
console.log(`| per day, days 1-20 | ${per(0, 1, 'wall').toFixed(1)} ms | ${per(0, 1, 'cpu').toFixed(1)} ms |`);
console.log(`| per day, last 20 days | ${per(2, 3, 'wall').toFixed(1)} ms | ${per(2, 3, 'cpu').toFixed(1)} ms |`);
console.log(`| user.json / one day's journal file | ${(size / 1e3).toFixed(1)} kB / ${(daySize / 1e3).toFixed(1)} kB | |`);
const t1 = performance.now();
const full = await store.read('bench');
console.log(`| read the whole journal (${full.days.length} days) | ${(performance.now() - t1).toFixed(0)} ms | |`);
rmSync(root, { recursive: true, force: true });
