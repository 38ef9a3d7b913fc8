import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { usQlibDir } from '@rollq/tools';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../testing/run-cli.js';

/** A Qlib-layout workflow on a dozen US stocks and a short window, so the whole run takes seconds. */
function workflowYaml(provider: string): string {
  return `qlib_init:
  provider_uri: "${provider}"
  region: us
market: &market "AAPL,MSFT,XOM,JPM,JNJ,WMT,PG,GE,KO,PFE,INTC,CSCO,T,VZ,MRK,CVX"
benchmark: &benchmark ^GSPC
data_handler_config: &data_handler_config
  start_time: 2016-01-04
  end_time: 2017-02-28
  fit_start_time: 2016-01-04
  fit_end_time: 2016-08-31
  instruments: *market
port_analysis_config: &port_analysis_config
  strategy:
    class: TopkDropoutStrategy
    module_path: qlib.contrib.strategy
    kwargs: { signal: <PRED>, topk: 5, n_drop: 1 }
  backtest:
    start_time: 2016-11-01
    end_time: 2017-02-24
    account: 1000000
    benchmark: *benchmark
    exchange_kwargs: { deal_price: close, open_cost: 0.0005, close_cost: 0.0015, min_cost: 5 }
task:
  model:
    class: LGBModel
    module_path: qlib.contrib.model.gbdt
    kwargs: { num_boost_round: 10, max_depth: 3, learning_rate: 0.2, num_threads: 1 }
  dataset:
    class: DatasetH
    module_path: qlib.data.dataset
    kwargs:
      handler: { class: Alpha158, module_path: qlib.contrib.data.handler, kwargs: *data_handler_config }
      segments:
        train: [2016-01-04, 2016-08-31]
        valid: [2016-09-01, 2016-10-31]
        test: [2016-11-01, 2017-02-28]
  record:
    - { class: SignalRecord, module_path: qlib.workflow.record_temp, kwargs: { model: <MODEL>, dataset: <DATASET> } }
    - { class: SigAnaRecord, module_path: qlib.workflow.record_temp, kwargs: { ana_long_short: false, ann_scaler: 252 } }
    - { class: PortAnaRecord, module_path: qlib.workflow.record_temp, kwargs: { config: *port_analysis_config } }
`;
}

/** Parses Qlib's printed `{'IC': …, 'ICIR': …, 'Rank IC': …, 'Rank ICIR': …}`. */
function parseIcDict(out: string): Record<string, number> {
  const m = /\{'IC': [^}]*\}/s.exec(out);
  expect(m, out).not.toBeNull();
  return Object.fromEntries(
    [...m![0].matchAll(/'([^']+)': (-?[\d.e+-]+|nan)/g)].map((x) => [x[1]!, Number(x[2] === 'nan' ? Number.NaN : x[2])]),
  );
}

/** Parses one of the printed risk tables: the rows after the `'The following … <what>(1day).'` line. */
function parseRiskTable(out: string, what: string): Record<string, number> {
  const lines = out.split('\n');
  const at = lines.findIndex((l) => l.includes(`${what}(1day)`));
  expect(at, out).toBeGreaterThanOrEqual(0);
  return Object.fromEntries(
    lines
      .slice(at + 2, at + 7)
      .map((l) => l.trim().split(/\s+/))
      .map(([k, v]) => [k!, Number(v)]),
  );
}

describe('rollq run / rollq rolling run on the shipped US data', () => {
  let dir: string;
  let yaml: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'rollq-run-'));
    yaml = join(dir, 'workflow.yaml');
    writeFileSync(yaml, workflowYaml(await usQlibDir()));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('runs the workflow: IC and risk tables on stdout, artifacts under uri_folder/experiment/run', async () => {
    const uri = join(dir, 'mlruns');
    const r = await runCli(['run', yaml, '--experiment_name', 'cli_test', '--uri_folder', uri]);
    expect(r.code, r.stderr).toBe(0);
    const ic = parseIcDict(r.stdout);
    expect(Object.keys(ic)).toEqual(['IC', 'ICIR', 'Rank IC', 'Rank ICIR']);
    expect(Math.abs(ic.IC!)).toBeLessThan(1);
    for (const what of ['benchmark return', 'excess return without cost', 'excess return with cost']) {
      const risk = parseRiskTable(r.stdout, what);
      expect(Object.keys(risk)).toEqual(['mean', 'std', 'annualized_return', 'information_ratio', 'max_drawdown']);
      expect(Number.isFinite(risk.std)).toBe(true);
    }
    expect(parseRiskTable(r.stdout, 'excess return with cost').mean).toBeLessThan(
      parseRiskTable(r.stdout, 'excess return without cost').mean,
    );
    expect(r.stderr).toMatch(/module_path/); // ignored, with a note
    expect(r.stderr).toMatch(/train/); // training progress on stderr
    const runs = readdirSync(join(uri, 'cli_test')).filter((n) => !n.endsWith('.json') && !n.startsWith('.'));
    expect(runs).toHaveLength(1);
    const art = join(uri, 'cli_test', runs[0]!, 'artifacts');
    for (const f of [
      'pred.arrow',
      'label.arrow',
      'task.json',
      'sig_analysis/ic.json',
      'portfolio_analysis/report_normal_1day.csv',
      'portfolio_analysis/positions_normal_1day.csv',
      'portfolio_analysis/port_analysis_1day.json',
      'portfolio_analysis/report.html',
    ]) {
      expect(existsSync(join(art, f)), f).toBe(true);
    }
    // the report's charts: equity, excess, drawdown, turnover, and IC by month (SignalRecord stored labels)
    const html = readFileSync(join(art, 'portfolio_analysis/report.html'), 'utf8');
    expect(html.match(/<figure>/g)).toHaveLength(5);
    expect(html).toContain('IC by month');
  });

  it("recorder list / export, then rollq backtest with no flags gives the run's PortAnaRecord risk (region us inferred)", async () => {
    const uri = join(dir, 'mlruns');
    const list = await runCli(['recorder', 'list', '--uri_folder', uri, '--experiment', 'cli_test', '--json']);
    expect(list.code, list.stderr).toBe(0);
    const rows = JSON.parse(list.stdout) as Array<{ id: string; status: string; model: string; test: string[] }>;
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ status: 'FINISHED', model: 'LGBModel', test: ['2016-11-01', '2017-02-28'] });
    const table = await runCli(['recorder', 'list', '--uri_folder', uri]);
    expect(table.stdout).toContain(rows[0]!.id);
    const csv = join(dir, 'exported', 'pred.csv');
    const ex = await runCli(['recorder', 'export', '--uri_folder', uri, '--experiment', 'cli_test', '--out', csv]);
    expect(ex.code, ex.stderr).toBe(0);
    expect(readFileSync(csv, 'utf8').split('\n')[0]).toBe('datetime,instrument,score');
    const json = join(dir, 'exported', 'metrics.json');
    // the run's PortAnaRecord settings (12 stocks, TopK 5 / drop 1, 1M account, its window), region left to the data
    const backtest = ['backtest', '--provider', await usQlibDir(), '--pred', csv, '--start', '2016-11-01', '--end', '2017-02-24'];
    const sameStrategy = ['--account', '1000000', '--topk', '5', '--n-drop', '1', '--json', json];
    const bt = await runCli([...backtest, ...sameStrategy]);
    expect(bt.code, bt.stderr).toBe(0);
    expect(bt.stderr).toContain('region us (inferred from the data)');
    const got = JSON.parse(readFileSync(json, 'utf8'));
    const want = JSON.parse(
      readFileSync(join(uri, 'cli_test', rows[0]!.id, 'artifacts', 'portfolio_analysis', 'port_analysis_1day.json'), 'utf8'),
    );
    for (const key of ['excess_return_without_cost', 'excess_return_with_cost']) {
      expect(Object.keys(want[key])).toEqual(['mean', 'std', 'annualized_return', 'information_ratio', 'max_drawdown']);
      for (const [k, v] of Object.entries(want[key] as Record<string, number>)) expect(got[key][k], `${key}.${k}`).toBeCloseTo(v, 10);
    }
    // the cn row (lots of 100 shares on a 1M account) trades differently
    const cn = await runCli([...backtest, ...sameStrategy, '--region', 'cn']);
    expect(cn.code, cn.stderr).toBe(0);
    expect(cn.stderr).toContain('region cn (--region)');
  });

  it('rolling run: trains each window, merges the predictions and reports them', async () => {
    const uri = join(dir, 'mlruns');
    const r = await runCli(['rolling', 'run', yaml, '--step', '40', '--experiment-name', 'roll_test', '--uri-folder', uri]);
    expect(r.code, r.stderr).toBe(0);
    // test 2016-11-01..2017-02-28 is 81 trading days: windows of 40 give 3 tasks
    expect(r.stderr).toMatch(
      /rolling task 1 of 3: train 2016-01-04\.\.2016-08-31, valid 2016-09-01\.\.2016-10-31, test 2016-11-01\.\.2016-12-28/,
    );
    expect(r.stderr).toMatch(/rolling task 3 of 3/);
    expect(Object.keys(parseIcDict(r.stdout))).toEqual(['IC', 'ICIR', 'Rank IC', 'Rank ICIR']);
    expect(parseRiskTable(r.stdout, 'excess return with cost').std).toBeGreaterThan(0);
    expect(readdirSync(join(uri, 'roll_test_rolling_models')).filter((n) => !n.endsWith('.json') && !n.startsWith('.'))).toHaveLength(3);
  });

  it('rolling run up to the end of the data: the last window is open-ended and still trains', async () => {
    const late = join(dir, 'late.yaml');
    const text = workflowYaml(await usQlibDir())
      .replace(
        'start_time: 2016-01-04\n  end_time: 2017-02-28\n  fit_start_time: 2016-01-04\n  fit_end_time: 2016-08-31',
        'start_time: 2017-06-01\n  end_time: 2018-02-07\n  fit_start_time: 2017-06-01\n  fit_end_time: 2017-10-31',
      )
      .replace('start_time: 2016-11-01\n    end_time: 2017-02-24', 'start_time: 2018-01-02\n    end_time: 2018-02-06')
      .replace('train: [2016-01-04, 2016-08-31]', 'train: [2017-06-01, 2017-10-31]')
      .replace('valid: [2016-09-01, 2016-10-31]', 'valid: [2017-11-01, 2017-12-29]')
      .replace('test: [2016-11-01, 2017-02-28]', 'test: [2018-01-02, 2018-02-07]');
    writeFileSync(late, text);
    const r = await runCli(['rolling', 'run', late, '--step', '20', '--experiment_name', 'late', '--uri_folder', join(dir, 'mlruns')]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/rolling task 2 of 2: .*test 2018-01-31\.\.…/);
    expect(parseIcDict(r.stdout).IC).not.toBeNaN();
  });

  it('a YAML error exits 2 with file:line:col before anything runs', async () => {
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, workflowYaml('/nonexistent').replace('    class: LGBModel\n', '    class: LGBModel\n    kwarg: { x: 1 }\n'));
    const r = await runCli(['run', bad, '--uri_folder', join(dir, 'never')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/bad\.yaml:\d+:\d+/);
    expect(existsSync(join(dir, 'never'))).toBe(false);
  });

  it('an unknown record class exits 2 before training', async () => {
    const bad = join(dir, 'bad-record.yaml');
    writeFileSync(bad, workflowYaml(await usQlibDir()).replace('class: SigAnaRecord', 'class: SigAnaRecrd'));
    const r = await runCli(['run', bad, '--uri_folder', join(dir, 'never2')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/SigAnaRecrd/);
    expect(r.stderr).not.toMatch(/train /);
  });
});

describe('shipped example workflows', () => {
  it.each(['workflow_config_gbdt_Alpha158_us.yaml', 'workflow_config_mlp_Alpha158_us.yaml', 'workflow_config_gbdt_Alpha158_csi300.yaml'])(
    '%s loads and its model and records validate',
    async (file) => {
      const { loadWorkflowConfig } = await import('@rollq/rolling');
      const { validateTask } = await import('@rollq/workflow');
      const { repoRoot } = await import('@rollq/tools');
      const loaded = loadWorkflowConfig(join(repoRoot(), 'examples', file), {
        env: { ROLLQ_US_DATA: '/data/us', ROLLQ_CN_DATA: '/data/cn' },
      });
      expect(loaded.config.task.dataset.kwargs.segments.test).toBeDefined();
      expect(() => validateTask(loaded.config.task)).not.toThrow();
    },
  );
});
