import { resolve } from 'node:path';
import { UserManager, type UserMetrics, type UserSummary } from '@rollq/online';
import { endProgress, note, progressSteps } from '../progress.js';
import { routeModelLogs } from './model-logs.js';

/** The work of the `rollq user` subcommands (their options: ./user.ts), loaded when one runs. */

function open(state: string): Promise<UserManager> {
  routeModelLogs();
  return UserManager.open(resolve(state));
}

const money = (v: number) => v.toFixed(2);
const pct = (v: number) => `${(100 * v).toFixed(2)} %`;

function summaryLines(s: UserSummary): string[] {
  return [
    `user ${s.id}: ${s.strategy} on signal ${s.signal}, added ${s.addDate}, updated to ${s.lastDate} (${s.days} trading days)`,
    `  account ${money(s.accountValue)} = cash ${money(s.cash)} + ${s.holdings} holdings ${money(s.stockValue)}`,
    `  initial ${money(s.initialCash)}, total return ${pct(s.totalReturn)}, total cost ${money(s.totalCost)}`,
  ];
}

/** `rollq user add <id>`. */
export async function userAdd(id: string, o: { state: string; config: string; date?: string }): Promise<void> {
  const users = await open(o.state);
  const u = await users.add(id, { config: resolve(o.config), ...(o.date ? { date: o.date } : {}) });
  process.stdout.write(
    `added user ${u.id}: ${u.settings.strategy.class} on signal ${u.settings.signal}, cash ${money(u.settings.account)}; trades from the day after ${u.addDate}\n`,
  );
}

/** `rollq user remove <id>`. */
export async function userRemove(id: string, o: { state: string }): Promise<void> {
  const users = await open(o.state);
  const archived = await users.remove(id);
  process.stdout.write(`removed user ${id}: archived to ${archived}\n`);
}

/** `rollq user list`. */
export async function userList(o: { state: string; json?: boolean }): Promise<void> {
  const list = await (await open(o.state)).list();
  if (o.json) {
    process.stdout.write(`${JSON.stringify(list, null, 2)}\n`);
    return;
  }
  if (list.length === 0) {
    process.stdout.write('no users (add one with `rollq user add <id> --state <dir> --config user.yaml`)\n');
    return;
  }
  process.stdout.write(
    `${'id'.padEnd(16)} ${'strategy'.padEnd(20)} ${'signal'.padEnd(10)} ${'last day'.padEnd(10)} ${'days'.padStart(5)} ${'account'.padStart(16)} ${'return'.padStart(9)}\n`,
  );
  for (const s of list) {
    process.stdout.write(
      `${s.id.padEnd(16)} ${s.strategy.padEnd(20)} ${s.signal.padEnd(10)} ${s.lastDate.padEnd(10)} ${String(s.days).padStart(5)} ${money(s.accountValue).padStart(16)} ${pct(s.totalReturn).padStart(9)}\n`,
    );
  }
}

/** `rollq user routine`: every user up to --date (default the last signal day), day by day, with progress. */
export async function userRoutine(o: { state: string; date?: string }): Promise<void> {
  const users = await open(o.state);
  const step = progressSteps();
  const t0 = Date.now();
  const done = await users.routine({
    ...(o.date ? { date: o.date } : {}),
    onProgress: (p) => step(`rollq user routine: ${p.user} ${p.date} (${p.done}/${p.total} days)`, p.done, p.total),
  });
  endProgress();
  if (done.length === 0) note('rollq user routine: no users');
  for (const r of done) {
    process.stdout.write(
      r.notStarted
        ? `user ${r.id}: starts after ${r.from}; nothing to do\n`
        : r.days === 0
          ? `user ${r.id}: already up to date (${r.to}); nothing to do\n`
          : `user ${r.id}: traded ${r.days} day${r.days > 1 ? 's' : ''} ${r.from} → ${r.to}\n`,
    );
  }
  note(`rollq user routine: ${done.length} user(s) in ${((Date.now() - t0) / 1000).toFixed(2)} s`);
}

function metricLines(m: UserMetrics): string[] {
  const table = (name: string, r: Record<string, number>) => [
    `  ${name}`,
    ...Object.entries(r).map(([k, v]) => `    ${k.padEnd(18)} ${Number.isFinite(v) ? v.toFixed(6) : 'NaN'}`),
  ];
  return [
    ...table('return_with_cost', { ...m.return_with_cost }),
    ...table('excess_return_without_cost', { ...m.excess_return_without_cost }),
    ...table('excess_return_with_cost', { ...m.excess_return_with_cost }),
  ];
}

/** `rollq user report <id>`: the account summary and risk metrics; writes report.html and the CSVs. */
export async function userReport(id: string, o: { state: string; json?: boolean }): Promise<void> {
  const { summary, metrics, files } = await (await open(o.state)).report(id);
  if (o.json) {
    process.stdout.write(`${JSON.stringify({ summary, metrics, files }, null, 2)}\n`);
    return;
  }
  const lines = summaryLines(summary);
  if (metrics) lines.push(...metricLines(metrics));
  else lines.push('  no trading days yet: run `rollq user routine` first');
  process.stdout.write(`${lines.join('\n')}\n`);
  if (files.length) note(`rollq user report: wrote ${files.find((f) => f.endsWith('report.html'))} and ${files.length - 1} more file(s)`);
}
