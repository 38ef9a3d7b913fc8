import { appendFileSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { usQlibDir } from '@rollq/tools';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadServeConfig } from '../config/load-serve-config.js';
import { buildSmallState } from '../testing/small-state.js';
import { buildServer } from './server.js';

/** What /readyz answers. */
interface Ready {
  ready: boolean;
  state: string;
  reasons: string[];
  dataTo: string;
  commit: number;
}

/** The service notices new data days without a new commit: the same state turns stale when the calendar grows. */
describe('rollq serve and the data folder', () => {
  let root: string;
  let data: string;
  let dir: string;
  let lag: number;

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'rollq-serve-data-'));
    // a data folder of its own whose calendar the test extends; features and instruments are the shipped ones
    const shipped = await usQlibDir();
    data = join(root, 'data');
    mkdirSync(data);
    cpSync(join(shipped, 'calendars'), join(data, 'calendars'), { recursive: true });
    for (const d of ['features', 'instruments']) symlinkSync(join(shipped, d), join(data, d));
    dir = join(root, 'state');
    const { provider } = await buildSmallState(dir, '2016-11-04', data);
    const cal = provider.calendar;
    lag = cal.bisectRight(cal.last) - cal.bisectRight('2016-11-11'); // the small state's signals end 2016-11-11
  }, 120_000);
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('turns Degraded when the calendar gains a day past the allowed lag, without a new commit', async () => {
    const app = await buildServer({
      stateDir: dir,
      config: loadServeConfig({
        env: { ROLLQ_SERVE_STATE__POLL_INTERVAL_MS: '100', ROLLQ_SERVE_THRESHOLDS__STALE_TRADING_DAYS: String(lag) },
      }),
      logger: pino({ level: 'silent' }),
    });
    const url = await app.listen({ port: 0, host: '127.0.0.1' });
    try {
      const before = (await (await fetch(`${url}/readyz`)).json()) as Ready;
      expect(before).toMatchObject({ ready: true, dataTo: '2018-02-07' });
      appendFileSync(join(data, 'calendars', 'day.txt'), '2018-02-08\n');
      let after = before;
      // until the poll that read the new day has also judged it: /readyz can answer between the snapshot's swap and
      // the state machine's next check (the poll reads the routine log in between), with the new day but the old state
      for (let i = 0; i < 100 && (after.dataTo !== '2018-02-08' || after.state !== 'Degraded'); i++) {
        await new Promise((r) => setTimeout(r, 50));
        after = (await (await fetch(`${url}/readyz`)).json()) as Ready;
      }
      expect(after).toMatchObject({ ready: false, state: 'Degraded', dataTo: '2018-02-08', commit: before.commit });
      expect(after.reasons[0]).toBe(`signals end 2016-11-11, ${lag + 1} trading days behind the data's last day 2018-02-08 (> ${lag})`);
      expect(
        readFileSync(join(data, 'calendars', 'day.txt'), 'utf8')
          .trimEnd()
          .split('\n')
          .at(-1),
      ).toBe('2018-02-08');
    } finally {
      await app.close();
    }
  });

  it('is Degraded when the data is older than maxCalendarAgeDays', async () => {
    const app = await buildServer({
      stateDir: dir,
      config: loadServeConfig({
        env: { ROLLQ_SERVE_THRESHOLDS__STALE_TRADING_DAYS: '100000', ROLLQ_SERVE_THRESHOLDS__MAX_CALENDAR_AGE_DAYS: '3' },
      }),
      logger: pino({ level: 'silent' }),
      now: () => new Date('2018-02-15T12:00:00Z'),
    });
    try {
      const r = await app.inject('/readyz');
      expect(r.statusCode).toBe(503);
      expect(r.json().reasons).toEqual([expect.stringMatching(/^the data's last day 2018-02-0\d is \d days old \(> 3\)$/)]);
    } finally {
      await app.close();
    }
  });
});
