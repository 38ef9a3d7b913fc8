import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '@rollq/tools';
import { describe, expect, it } from 'vitest';
import { ModelError } from '../errors.js';
import { LIGHTGBM_VERSION } from './lightgbm-lib.js';
import { LIGHTGBM_PARAM_ALIASES, parseLGBKwargs, resolveLGB } from './lightgbm-params.js';

function caught(fn: () => unknown): ModelError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ModelError);
    return e as ModelError;
  }
  throw new Error('expected a ModelError');
}

const resolve = (kw: Record<string, unknown>) => resolveLGB(parseLGBKwargs(kw));

describe('LGBModel kwargs → LightGBM parameters', () => {
  it("passes Qlib's workflow_config_lightgbm_Alpha158.yaml kwargs through unchanged", () => {
    const r = resolve({
      loss: 'mse',
      colsample_bytree: 0.8879,
      learning_rate: 0.2,
      subsample: 0.8789,
      lambda_l1: 205.6999,
      lambda_l2: 580.9768,
      max_depth: 8,
      num_leaves: 210,
      num_threads: 20,
    });
    // Qlib: params = {"objective": loss, "verbosity": -1, **kwargs}; lgb.train adds num_iterations. rollq adds
    // force_col_wise (LightGBM's own pick here, made by timing, which a loaded machine can flip between runs).
    // `subsample` stays without `bagging_freq`: LightGBM then does not bag, and neither does rollq.
    expect(r.paramString).toBe(
      'objective=regression verbosity=-1 colsample_bytree=0.8879 learning_rate=0.2 subsample=0.8789 lambda_l1=205.6999 ' +
        'lambda_l2=580.9768 max_depth=8 num_leaves=210 num_threads=20 force_col_wise=true num_iterations=1000',
    );
    expect(r.params.bagging_freq).toBeUndefined();
    expect(r.numBoostRound).toBe(1000);
    expect(r.earlyStoppingRounds).toBe(50);
    expect(r.numThreads).toBe(20);
  });

  it('defaults: mse loss, 1000 rounds, early stopping after 50', () => {
    const r = resolve({});
    expect(r.paramString).toBe('objective=regression verbosity=-1 force_col_wise=true num_iterations=1000');
    expect([r.numBoostRound, r.earlyStoppingRounds, r.minDelta, r.firstMetricOnly]).toEqual([1000, 50, 0, false]);
  });

  it('binary loss, an objective or verbosity kwarg overrides, rounds and stopping are rollq’s', () => {
    expect(resolve({ loss: 'binary' }).params.objective).toBe('binary');
    expect(resolve({ objective: 'huber', alpha: 0.9 }).paramString).toBe(
      'objective=huber verbosity=-1 alpha=0.9 force_col_wise=true num_iterations=1000',
    );
    // a histogram mode the kwargs choose is kept, and nothing is added
    expect(resolve({ force_row_wise: true }).paramString).toBe('objective=regression verbosity=-1 force_row_wise=true num_iterations=1000');
    expect(resolve({ verbosity: 1 }).params.verbosity).toBe('1');
    const r = resolve({ n_estimators: 300, early_stopping_round: 7, bagging_freq: 1, metric: ['l2', 'l1'], deterministic: true });
    expect(r.paramString).toBe(
      'objective=regression verbosity=-1 bagging_freq=1 metric=l2,l1 deterministic=true force_col_wise=true num_iterations=300',
    );
    expect([r.numBoostRound, r.earlyStoppingRounds]).toEqual([300, 7]);
  });

  it('accepts every LightGBM 4.7.0 parameter name and alias', () => {
    expect(Object.keys(LIGHTGBM_PARAM_ALIASES)).toHaveLength(141);
    expect(resolve({ feature_fraction: 0.5, min_child_samples: 10, reg_lambda: 1, max_bins: 63 }).paramString).toContain(
      'feature_fraction=0.5 min_child_samples=10 reg_lambda=1 max_bins=63',
    );
  });

  it('rejects two aliases of one parameter, unknown names and bad values', () => {
    expect(caught(() => parseLGBKwargs({ colsample_bytree: 0.8, feature_fraction: 0.7 })).message).toContain(
      '"colsample_bytree" and "feature_fraction" are aliases of one parameter',
    );
    expect(caught(() => parseLGBKwargs({ num_boost_round: 10, num_iterations: 20 })).code).toBe('CONFIG_INVALID');
    const typo = caught(() => parseLGBKwargs({ num_leave: 31 }));
    expect(typo.message).toContain('did you mean "num_leaves"');
    expect(typo.hint).toMatch(/^valid kwargs of LGBModel: loss, num_boost_round, early_stopping_rounds, and any LightGBM/);
    expect(caught(() => parseLGBKwargs({ loss: 'huber' })).message).toContain('kwarg "loss"');
    expect(caught(() => parseLGBKwargs({ num_leaves: 1 })).message).toContain('kwarg "num_leaves"');
    expect(caught(() => parseLGBKwargs({ metric: 'l2 l1' })).message).toContain('no spaces');
    // Qlib always sets `objective`, so LightGBM's Python package drops these aliases: rejected, not ignored.
    expect(caught(() => parseLGBKwargs({ application: 'regression' })).message).toContain('unknown kwarg "application"');
  });

  it('pins the version tools/setup.sh installs', () => {
    const setup = readFileSync(join(repoRoot(), 'tools', 'setup.sh'), 'utf8');
    expect(/^LIGHTGBM_VERSION=(\S+)/m.exec(setup)?.[1]).toBe(LIGHTGBM_VERSION);
  });
});
