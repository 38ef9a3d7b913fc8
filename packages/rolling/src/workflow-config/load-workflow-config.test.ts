import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { RollingError } from '../errors.js';
import { loadWorkflowConfig } from './load-workflow-config.js';
import { fillPlaceholders, findPlaceholders } from './placeholders.js';

const dir = mkdtempSync(join(tmpdir(), 'rollq-wf-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function write(name: string, text: string): string {
  const p = join(dir, name);
  mkdirSync(join(p, '..'), { recursive: true });
  writeFileSync(p, text);
  return p;
}

/** Qlib's LightGBM Alpha158 workflow (style notes B3), dates unquoted, anchors and placeholders as shipped. */
const QLIB_WORKFLOW = `qlib_init:
  provider_uri: "~/.qlib/qlib_data/cn_data"
  region: cn
market: &market csi300
benchmark: &benchmark SH000300
data_handler_config: &data_handler_config
  start_time: 2008-01-01
  end_time: 2020-08-01
  fit_start_time: 2008-01-01
  fit_end_time: 2014-12-31
  instruments: *market
port_analysis_config: &port_analysis_config
  strategy:
    class: TopkDropoutStrategy
    module_path: qlib.contrib.strategy
    kwargs: { signal: <PRED>, topk: 50, n_drop: 5 }
  backtest:
    start_time: 2017-01-01
    end_time: 2020-08-01
    account: 100000000
    benchmark: *benchmark
    exchange_kwargs: { limit_threshold: 0.095, deal_price: close, open_cost: 0.0005, close_cost: 0.0015, min_cost: 5 }
task:
  model:
    class: LGBModel
    module_path: qlib.contrib.model.gbdt
    kwargs: { loss: mse, learning_rate: 0.2, num_leaves: 210 }
  dataset:
    class: DatasetH
    module_path: qlib.data.dataset
    kwargs:
      handler: { class: Alpha158, module_path: qlib.contrib.data.handler, kwargs: *data_handler_config }
      segments:
        train: [2008-01-01, 2014-12-31]
        valid: [2015-01-01, 2016-12-31]
        test: [2017-01-01, 2020-08-01]
  record:
    - { class: SignalRecord, module_path: qlib.workflow.record_temp, kwargs: { model: <MODEL>, dataset: <DATASET> } }
    - { class: SigAnaRecord, module_path: qlib.workflow.record_temp, kwargs: { ana_long_short: False, ann_scaler: 252 } }
    - { class: PortAnaRecord, module_path: qlib.workflow.record_temp, kwargs: { config: *port_analysis_config } }
`;

describe('loadWorkflowConfig: Qlib files unchanged', () => {
  it('reads the LightGBM Alpha158 workflow: anchors, unquoted dates, placeholders, ~ expanded', () => {
    const { config, warnings, path } = loadWorkflowConfig(write('lgb.yaml', QLIB_WORKFLOW));
    expect(path).toBe(join(dir, 'lgb.yaml'));
    expect(config.qlib_init.provider_uri).toBe(join(homedir(), '.qlib/qlib_data/cn_data'));
    expect(config.task.dataset.kwargs.segments).toEqual({
      train: ['2008-01-01', '2014-12-31'],
      valid: ['2015-01-01', '2016-12-31'],
      test: ['2017-01-01', '2020-08-01'],
    });
    const h = config.task.dataset.kwargs.handler;
    expect(typeof h !== 'string' && h.kwargs).toMatchObject({
      start_time: '2008-01-01',
      fit_end_time: '2014-12-31',
      instruments: 'csi300',
    });
    expect(config.port_analysis_config?.backtest.benchmark).toBe('SH000300');
    expect(config.task.model.kwargs).toEqual({ loss: 'mse', learning_rate: 0.2, num_leaves: 210 });
    expect(findPlaceholders(config.task).map(([p, v]) => `${p}=${v}`)).toEqual([
      'record.0.kwargs.model=<MODEL>',
      'record.0.kwargs.dataset=<DATASET>',
      'record.2.kwargs.config.strategy.kwargs.signal=<PRED>',
    ]);
    // one note per distinct class/module_path pair, naming where it was found
    expect(warnings.some((w) => w.startsWith('task.model: module_path "qlib.contrib.model.gbdt" ignored'))).toBe(true);
    expect(warnings.filter((w) => w.includes('TopkDropoutStrategy'))).toHaveLength(1);
    // anchored top-level keys are not reported as unknown
    expect(warnings.some((w) => w.includes('top-level key'))).toBe(false);
  });

  it('fillPlaceholders swaps markers for run-time objects without touching the config', () => {
    const { config } = loadWorkflowConfig(write('lgb2.yaml', QLIB_WORKFLOW));
    const model = { name: 'trained' };
    const filled = fillPlaceholders(config.task.record, { '<MODEL>': model, '<DATASET>': 'ds' });
    expect((filled as Array<{ kwargs: Record<string, unknown> }>)[0]!.kwargs.model).toBe(model);
    expect((config.task.record as Array<{ kwargs: Record<string, unknown> }>)[0]!.kwargs.model).toBe('<MODEL>');
  });

  it('resolves a relative provider_uri against the YAML folder, not the CWD', () => {
    const p = write('sub/rel.yaml', QLIB_WORKFLOW.replace('"~/.qlib/qlib_data/cn_data"', '../data/us'));
    const { config } = loadWorkflowConfig(p, { cwd: '/' });
    expect(config.qlib_init.provider_uri).toBe(join(dir, 'data/us'));
  });

  it('accepts YAML merge keys (<<) on top of anchors', () => {
    const text = QLIB_WORKFLOW.replace(
      '    kwargs: { loss: mse, learning_rate: 0.2, num_leaves: 210 }',
      '    kwargs:\n      <<: { loss: mse, learning_rate: 0.2 }\n      num_leaves: 31',
    );
    const { config } = loadWorkflowConfig(write('merge-keys.yaml', text));
    expect(config.task.model.kwargs).toEqual({ loss: 'mse', learning_rate: 0.2, num_leaves: 31 });
  });

  it('reports an unknown top-level key without an anchor', () => {
    const { warnings } = loadWorkflowConfig(write('extra.yaml', `${QLIB_WORKFLOW}taks_typo: 1\n`));
    expect(warnings).toContain('top-level key "taks_typo" is not used by rollq (kept as is)');
  });
});

describe('loadWorkflowConfig: environment substitution', () => {
  it('replaces ${VAR} and {{ VAR }}', () => {
    const text = QLIB_WORKFLOW.replace('"~/.qlib/qlib_data/cn_data"', '"${ROLLQ_T_DATA}"').replace(
      'num_leaves: 210',
      'num_leaves: {{ ROLLQ_T_LEAVES }}',
    );
    const { config } = loadWorkflowConfig(write('env.yaml', text), { env: { ROLLQ_T_DATA: '/data/cn', ROLLQ_T_LEAVES: '64' } });
    expect(config.qlib_init.provider_uri).toBe('/data/cn');
    expect(config.task.model.kwargs.num_leaves).toBe(64);
  });

  it('names every unset variable with its file:line:col', () => {
    const text = QLIB_WORKFLOW.replace('"~/.qlib/qlib_data/cn_data"', '"${ROLLQ_T_MISSING}"');
    const p = write('env-missing.yaml', `# a comment with \${NOT_CHECKED}\n${text}`);
    try {
      loadWorkflowConfig(p, { env: {} });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(RollingError);
      const err = e as RollingError;
      expect(err.code).toBe('CONFIG_ENV_MISSING');
      expect(err.message).toContain(`${p}:3:18: \${ROLLQ_T_MISSING}`);
      expect(err.message).not.toContain('NOT_CHECKED');
      expect(err.hint).toContain('ROLLQ_T_MISSING=');
    }
  });
});

describe('loadWorkflowConfig: BASE_CONFIG_PATH', () => {
  it('deep-merges the file onto its base (file folder), __DROP__ removes keys', () => {
    write('base/base.yaml', QLIB_WORKFLOW);
    const p = write(
      'base/child.yaml',
      `BASE_CONFIG_PATH: base.yaml
task:
  model:
    kwargs: { learning_rate: 0.05 }
port_analysis_config: __DROP__
`,
    );
    const { config, files } = loadWorkflowConfig(p, { cwd: '/' });
    expect(files).toEqual([p, join(dir, 'base/base.yaml')]);
    expect(config.task.model.kwargs).toEqual({ loss: 'mse', learning_rate: 0.05, num_leaves: 210 });
    expect(config.task.model.class).toBe('LGBModel');
    expect(config.port_analysis_config).toBeUndefined();
    expect('BASE_CONFIG_PATH' in config).toBe(false);
  });

  it('tries the CWD first', () => {
    write('cwdfirst/base.yaml', QLIB_WORKFLOW.replace('num_leaves: 210', 'num_leaves: 7'));
    write('cwdfirst/wf/base.yaml', QLIB_WORKFLOW.replace('num_leaves: 210', 'num_leaves: 9'));
    const p = write('cwdfirst/wf/child.yaml', 'BASE_CONFIG_PATH: base.yaml\n');
    expect(loadWorkflowConfig(p, { cwd: join(dir, 'cwdfirst') }).config.task.model.kwargs.num_leaves).toBe(7);
    expect(loadWorkflowConfig(p, { cwd: '/' }).config.task.model.kwargs.num_leaves).toBe(9);
  });

  it('a missing base is an error with position and both tried paths; an error in the base points into the base', () => {
    const p = write('nobase.yaml', 'BASE_CONFIG_PATH: nowhere.yaml\n');
    expect(() => loadWorkflowConfig(p, { cwd: '/' })).toThrow(/nobase\.yaml:1:19: BASE_CONFIG_PATH nowhere\.yaml not found/);
    const base = write('badbase/base.yaml', QLIB_WORKFLOW.replace('class: LGBModel', 'class: 42'));
    const child = write('badbase/child.yaml', 'BASE_CONFIG_PATH: base.yaml\nmarket: csi500\n');
    expect(() => loadWorkflowConfig(child, { cwd: '/' })).toThrow(`${base}:25:12: task.model.class: expected string, received number`);
  });
});

describe('loadWorkflowConfig: validation errors carry file:line:col', () => {
  function errorOf(text: string): RollingError {
    const p = write('bad.yaml', text);
    try {
      loadWorkflowConfig(p);
    } catch (e) {
      if (e instanceof RollingError) return e;
      throw e;
    }
    throw new Error('expected an error');
  }
  const bad = join(dir, 'bad.yaml');

  it('a bad date inside a segment', () => {
    const e = errorOf(QLIB_WORKFLOW.replace('valid: [2015-01-01, 2016-12-31]', 'valid: [2015-01-01, 2016-13-45]'));
    expect(e.code).toBe('CONFIG_INVALID');
    expect(e.message).toContain(
      `${bad}:35:29: task.dataset.kwargs.segments.valid.1: expected a date written as YYYY-MM-DD or null (open end), got "2016-13-45"`,
    );
  });

  it('a bad date reached through an anchor points at the anchored value', () => {
    const e = errorOf(QLIB_WORKFLOW.replace('fit_end_time: 2014-12-31', 'fit_end_time: soon'));
    expect(e.message).toContain(`${bad}:10:17: data_handler_config.fit_end_time: expected a date`);
    expect(e.message).toContain(`${bad}:10:17: task.dataset.kwargs.handler.kwargs.fit_end_time: expected a date`);
  });

  it('a misspelt key in a strict object is an unknown field at the key', () => {
    const e = errorOf(QLIB_WORKFLOW.replace('    kwargs: { loss: mse', '    kwarg: { loss: mse'));
    expect(e.message).toContain(`${bad}:27:5: task.model.kwarg: unknown field`);
  });

  it('a missing required field is reported at its parent', () => {
    const e = errorOf(QLIB_WORKFLOW.replace(/ {2}model:\n {4}class: LGBModel\n/, '  model:\n'));
    expect(e.message).toContain(`${bad}:25:5: task.model.class: missing; expected string`);
    const e2 = errorOf('qlib_init: { region: cn }\n');
    expect(e2.message).toContain(`${bad}:1:12: qlib_init.provider_uri: missing; expected string or record`);
    expect(e2.message).toContain(`${bad}:1:1: task: missing; expected object`);
  });

  it('YAML syntax errors and non-mapping documents', () => {
    expect(errorOf('task:\n  model: [unclosed\n').message).toMatch(new RegExp(`${bad.replace(/[.]/g, '\\.')}:\\d+:\\d+: `));
    expect(errorOf('- a\n- b\n').message).toContain('must be a YAML mapping');
    expect(errorOf('a: 1\na: 2\n').message).toMatch(/bad\.yaml:2:1: .*[Uu]nique/);
  });

  it('a missing file', () => {
    expect(() => loadWorkflowConfig(join(dir, 'none.yaml'))).toThrow(expect.objectContaining({ code: 'CONFIG_NOT_FOUND' }));
  });
});
