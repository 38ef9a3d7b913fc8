import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadWorkflowConfig } from '@rollq/rolling';
import { repoRoot } from '@rollq/tools';
import { afterAll, describe, expect, it } from 'vitest';
import { validateWorkflow } from './run-workflow.js';

const tmp = mkdtempSync(join(tmpdir(), 'rollq-validate-workflow-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const EXAMPLE = readFileSync(join(repoRoot(), 'examples/workflow_config_gbdt_Alpha158_us.yaml'), 'utf8');

/** The shipped US example with `edit` applied, written and loaded as `rollq run` loads it (the data folder need not exist). */
function load(edit: (s: string) => string = (s) => s) {
  const file = join(tmp, `wf-${Math.random().toString(36).slice(2)}.yaml`);
  const text = edit(EXAMPLE);
  writeFileSync(file, text);
  return { file, config: loadWorkflowConfig(file, { env: { ROLLQ_US_DATA: join(tmp, 'no-data') } }).config };
}

/** Replaces `from` in the example, failing when the example no longer holds it (so a row cannot pass vacuously). */
const sub = (from: string | RegExp, to: string) => (s: string) => {
  const out = s.replace(from, to);
  if (out === s) throw new Error(`the example has no ${String(from)}`);
  return out;
};

describe('validateWorkflow: the strategy and exchange kwargs are checked at load, before training', () => {
  it('accepts the shipped example', () => {
    const { config, file } = load();
    expect(() => validateWorkflow(config, { file })).not.toThrow();
  });

  it('rejects topk: 0 as CONFIG_INVALID naming the YAML path and what topk holds', () => {
    const { config, file } = load(sub('topk: 50', 'topk: 0'));
    expect(() => validateWorkflow(config, { file })).toThrow(
      expect.objectContaining({
        code: 'CONFIG_INVALID',
        exitCode: 2,
        message: `workflow ${file}: port_analysis_config.strategy.kwargs.topk: Too small: expected number to be >0`,
        hint: expect.stringContaining('topk: a whole number > 0 (number of stocks to hold. Default 50.)'),
      }),
    );
  });

  it('rejects an unknown strategy kwarg (Qlib raises TypeError) and lists the known ones in Qlib spelling', () => {
    const { config } = load(sub('topk: 50', 'topkk: 50'));
    expect(() => validateWorkflow(config)).toThrow(
      expect.objectContaining({
        code: 'CONFIG_INVALID',
        message: 'workflow: port_analysis_config.strategy.kwargs.topkk: unknown field',
        hint: expect.stringMatching(/TopkDropoutStrategy takes signal, topk, n_drop, method_sell, .*risk_degree/),
      }),
    );
  });

  it('names a misspelt snake_case kwarg as written, and reports every problem at once', () => {
    const { config } = load((s) => sub('n_drop: 5', 'n_dorp: 5')(sub('open_cost: 0.0005', 'open_cost: -1')(s)));
    let err: unknown;
    try {
      validateWorkflow(config);
    } catch (e) {
      err = e;
    }
    expect(err).toMatchObject({ code: 'CONFIG_INVALID' });
    const message = (err as Error).message;
    expect(message).toContain('port_analysis_config.strategy.kwargs.n_dorp: unknown field');
    expect(message).toContain('port_analysis_config.backtest.exchange_kwargs.open_cost: Too small: expected number to be >=0');
    expect((err as { hint: string }).hint).toContain('open_cost: a number >= 0 and <= 1 (cost rate of a buy');
  });

  it('checks an inline PortAnaRecord config too (no port_analysis_config section), by its record path', () => {
    const { config } = load((s) =>
      sub(
        'config: *port_analysis_config',
        'config: { strategy: { class: TopkDropoutStrategy, kwargs: { signal: <PRED>, topk: 10, method_sell: worst } } }',
      )(sub(/^port_analysis_config: &port_analysis_config\n(?: {2}.*\n)+/m, '')(s)),
    );
    expect(config.port_analysis_config).toBeUndefined();
    expect(() => validateWorkflow(config)).toThrow(
      expect.objectContaining({
        code: 'CONFIG_INVALID',
        message: expect.stringContaining(
          'PortAnaRecord: config.strategy.kwargs.method_sell: Invalid option: expected one of "bottom"|"random"',
        ),
      }),
    );
  });
});
