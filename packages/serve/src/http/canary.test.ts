import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OnlineManager } from '@rollq/online';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AuditEntry, parseAuditLog } from '../admin/audit-log.js';
import { readTokenFile } from '../admin/bearer-token.js';
import { loadServeConfig } from '../config/load-serve-config.js';
import { buildSmallState } from '../testing/small-state.js';
import { buildServer } from './server.js';

const TOKEN = 'canary-admin-token-0123456789abcdef';

interface ModelsBody {
  commit: number;
  canary: { stable: number; candidate: number; arms: Record<string, { requests: number; errors: number }> } | null;
  strategies: Array<{ name: string; online: Array<{ id: string }> }>;
  history: Array<{ kind: string; rollbackTo?: number }>;
}

/** A canary server over `dir`: half the callers on the new online set, a verdict after 20 canary answers. */
async function start(dir: string, root: string, icTolerance: number) {
  const app = await buildServer({
    stateDir: dir,
    config: loadServeConfig({
      env: {
        ROLLQ_SERVE_STATE__POLL_INTERVAL_MS: '100',
        ROLLQ_SERVE_THRESHOLDS__STALE_TRADING_DAYS: '100000',
        ROLLQ_SERVE_CANARY__SHARE: '0.5',
        ROLLQ_SERVE_CANARY__MIN_REQUESTS: '20',
        ROLLQ_SERVE_CANARY__MAX_LATENCY_RATIO: '1000',
        ROLLQ_SERVE_CANARY__IC_TOLERANCE: String(icTolerance),
      },
    }),
    token: readTokenFile(join(root, 'token')),
    logger: pino({ level: 'silent' }),
  });
  return { app, url: await app.listen({ port: 0, host: '127.0.0.1' }) };
}

const models = async (url: string) => (await (await fetch(`${url}/models`)).json()) as ModelsBody;
async function until(what: string, check: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/**
 * The audit log once it holds `entries` lines: the service appends a verdict's entry after it serves the verdict
 * (and, on an abort, after the rollback's commit), so a reader that saw those may still be ahead of the line.
 */
async function auditAfter(dir: string, entries: number): Promise<AuditEntry[]> {
  const path = join(dir, 'serve-audit.jsonl');
  const lines = () =>
    existsSync(path)
      ? readFileSync(path, 'utf8')
          .split('\n')
          .filter((l) => l.endsWith('}')).length
      : 0;
  await until(`${entries} audit entries`, async () => lines() >= entries);
  return parseAuditLog(readFileSync(path, 'utf8'));
}

/**
 * 100 callers ask for the signal, twice each: each answer's side (none once the verdict is in) and commit.
 * Checks what holds whenever the verdict comes: every answer is a 200, a side's answers come from its commit,
 * one caller gets one side, and no answer has a side after the first one without.
 */
async function traffic(url: string, commits: { stable: number; canary: number; after: number[] }) {
  const out: Array<{ caller: string; arm: string | undefined; commit: number }> = [];
  for (let i = 0; i < 100; i++) {
    const caller = `caller-${i}`;
    for (let k = 0; k < 2; k++) {
      const r = await fetch(`${url}/signals?top=3`, { headers: { 'x-rollq-caller': caller } });
      expect(r.status).toBe(200);
      const b = (await r.json()) as { arm?: 'stable' | 'canary'; commit: number };
      out.push({ caller, arm: b.arm, commit: b.commit });
      if (b.arm) expect(b.commit).toBe(commits[b.arm]);
      else expect(commits.after).toContain(b.commit);
    }
    const [x, y] = out.slice(-2);
    if (x!.arm && y!.arm) expect(y!.arm).toBe(x!.arm);
  }
  const firstPlain = out.findIndex((o) => o.arm === undefined);
  if (firstPlain >= 0) expect(out.slice(firstPlain).every((o) => o.arm === undefined)).toBe(true);
  const armed = out.filter((o) => o.arm !== undefined);
  expect(new Set(armed.map((o) => o.arm))).toEqual(new Set(['stable', 'canary']));
  return armed;
}

describe('canary release of a routine’s new online set', () => {
  let root: string;
  let manager: OnlineManager;

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'rollq-serve-canary-'));
    ({ manager } = await buildSmallState(join(root, 'a')));
    cpSync(join(root, 'a'), join(root, 'b'), { recursive: true }); // the same state, for the rolled-back canary
    writeFileSync(join(root, 'token'), `${TOKEN}\n`);
  }, 120_000);
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('serves the new set to a stable share of callers, then promotes it', async () => {
    const dir = join(root, 'a');
    const { app, url } = await start(dir, root, 10); // any IC passes
    try {
      const c0 = (await models(url)).commit;
      const none = await fetch(`${url}/admin/canary/promote`, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}` } });
      expect(none.status).toBe(409);
      expect(await none.json()).toMatchObject({ error: 'no_canary' });

      await manager.routine('2016-11-14'); // new windows come online
      const c1 = manager.snapshot().commit;
      await until('the canary', async () => (await models(url)).canary !== null);
      expect((await models(url)).canary).toMatchObject({ stable: c0, candidate: c1 });
      const armed = await traffic(url, { stable: c0, canary: c1, after: [c1] });
      const canaryShare = armed.filter((s) => s.arm === 'canary').length / armed.length;
      expect(canaryShare).toBeGreaterThan(0.25);
      expect(canaryShare).toBeLessThan(0.75);

      await until('the verdict', async () => (await models(url)).canary === null);
      const after = await models(url);
      expect(after.commit).toBe(c1);
      const plain = (await (await fetch(`${url}/signals?top=3`, { headers: { 'x-rollq-caller': 'caller-0' } })).json()) as Record<
        string,
        unknown
      >;
      expect(plain.commit).toBe(c1);
      expect(plain.arm).toBeUndefined();
      const audit = await auditAfter(dir, 2);
      expect(audit.map((a) => `${a.action}:${a.outcome}`)).toEqual(['canary_start:ok', 'canary_promote:ok']);
      expect(audit[1]).toMatchObject({ who: 'watcher', before: { commit: c0 }, after: { commit: c1 } });
      expect((audit[1]!.params as { facts: { canaryRequests: number } }).facts.canaryRequests).toBeGreaterThanOrEqual(20);
    } finally {
      await app.close();
    }
  }, 240_000);

  it('rolls the new set back through the online manager when its IC falls short', async () => {
    const dir = join(root, 'b');
    const { app, url } = await start(dir, root, -10); // the canary would have to beat the stable IC by 10
    try {
      const before = await models(url);
      const stableOnline = before.strategies.map((s) => s.online.map((o) => o.id));
      const m = await OnlineManager.open(dir, { provider: (await buildProviderOf(dir))!, warn: () => {} });
      await m.routine('2016-11-14');
      await until('the canary', async () => (await models(url)).canary !== null);
      const c1 = m.snapshot().commit;
      // after the verdict: the stable set at once, then the rollback's commit
      await traffic(url, { stable: before.commit, canary: c1, after: [before.commit, c1 + 1] });
      await until('the verdict', async () => (await models(url)).canary === null);
      // the stable set is served from the verdict on; then the online manager's rollback commits it
      await until('the rollback commit', async () => (await models(url)).commit === c1 + 1);
      const after = await models(url);
      expect(after.history.at(-1)).toMatchObject({ kind: 'rollback', rollbackTo: before.history.length - 1 });
      expect(after.strategies.map((s) => s.online.map((o) => o.id))).toEqual(stableOnline);
      const audit = await auditAfter(dir, 2);
      expect(audit.map((a) => `${a.action}:${a.outcome}`)).toEqual(['canary_start:ok', 'canary_abort:ok']);
      expect((audit[1]!.params as { reasons: string[] }).reasons[0]).toMatch(
        /^canary IC -?[\d.]+ on 2016-11-11 < stable IC -?[\d.]+ - -10$/,
      );
      // a rollback commit starts no canary
      await new Promise((r) => setTimeout(r, 300));
      expect((await models(url)).canary).toBeNull();
    } finally {
      await app.close();
    }
  }, 240_000);
});

async function buildProviderOf(dir: string) {
  const { readState } = await import('@rollq/online');
  const { QlibProvider } = await import('@rollq/data');
  return QlibProvider.open((await readState(dir)).dataDir!);
}
