import { describe, expect, it } from 'vitest';
import { ModelError } from '../errors.js';
import { GBDTModel } from '../gbdt/gbdt-model.js';
import { GBDTKwargsSchema, resolveGBDT } from '../gbdt/gbdt-params.js';
import { createModel, defaultModelRegistry } from './registry.js';

function caught(fn: () => unknown): ModelError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ModelError);
    return e as ModelError;
  }
  throw new Error('expected a ModelError');
}

describe('model kwargs', () => {
  it.each([
    ['LGBModel', { num_leave: 31 }, 'num_leave', 'num_leaves'],
    ['LinearModel', { estimater: 'ols' }, 'estimater', 'estimator'],
    ['MLP', { learning_rate: 0.1 }, 'learning_rate', undefined],
    ['GRU', { hiden_size: 32 }, 'hiden_size', 'hidden_size'],
    ['LSTM', { n_epoch: 3 }, 'n_epoch', 'n_epochs'],
  ])('%s rejects the typo %o naming it and listing valid kwargs', (cls, kwargs, bad, suggestion) => {
    const e = caught(() => createModel({ class: cls, kwargs }));
    expect(e.code).toBe('CONFIG_INVALID');
    expect(e.message).toContain(`unknown kwarg "${bad}"`);
    if (suggestion) expect(e.message).toContain(`did you mean "${suggestion}"`);
    expect(e.hint).toMatch(/^valid kwargs of \w+: /);
  });

  it('names the kwarg whose value is wrong', () => {
    const e = caught(() => createModel({ class: 'GRU', kwargs: { dropout: 2 } }));
    expect(e.message).toContain('kwarg "dropout"');
  });

  it('rejects two aliases of one GBDT parameter', () => {
    const e = caught(() => new GBDTModel({ learning_rate: 0.1, eta: 0.2 }));
    expect(e.message).toContain('"learning_rate" and "eta"');
  });

  it('maps LightGBM kwargs onto XGBoost parameters', () => {
    const r = resolveGBDT(
      GBDTKwargsSchema.parse({
        num_leaves: 210,
        learning_rate: 0.2,
        lambda_l1: 205.7,
        lambda_l2: 580.97,
        colsample_bytree: 0.8879,
        subsample: 0.8789,
        max_depth: 8,
        num_threads: 2,
        num_boost_round: 300,
        early_stopping_rounds: 20,
      }),
    );
    expect(r.params).toMatchObject({
      grow_policy: 'lossguide',
      max_leaves: '210',
      eta: '0.2',
      alpha: '205.7',
      lambda: '580.97',
      colsample_bytree: '0.8879',
      subsample: '0.8789',
      max_depth: '8',
      nthread: '2',
      objective: 'reg:squarederror',
    });
    expect(r.numBoostRound).toBe(300);
    expect(r.earlyStoppingRounds).toBe(20);
  });

  it('XGBModel starts from XGBoost defaults (depth-wise trees)', () => {
    const m = createModel({ class: 'XGBModel', kwargs: { eta: 0.05 } });
    expect(m.className).toBe('GBDT');
    const r = resolveGBDT((m as GBDTModel).kwargs);
    expect(r.params.grow_policy).toBeUndefined();
    expect(r.params.max_depth).toBe('6');
    expect(r.params.eta).toBe('0.05');
  });
});

describe('ModelRegistry', () => {
  it('maps Qlib class names to ours', () => {
    const reg = defaultModelRegistry();
    const classOf = (c: string) => reg.create({ class: c }).className;
    expect(['LGBModel', 'XGBModel', 'GBDT'].map(classOf)).toEqual(['LGBModel', 'GBDT', 'GBDT']);
    expect(['DNNModelPytorch', 'MLP'].map(classOf)).toEqual(['MLP', 'MLP']);
    expect(['LinearModel', 'GRU', 'LSTM'].map(classOf)).toEqual(['LinearModel', 'GRU', 'LSTM']);
  });

  it('names the known classes for an unknown one', () => {
    const e = caught(() => createModel({ class: 'CatBoostModel' }));
    expect(e.code).toBe('MODEL_UNKNOWN');
    expect(e.hint).toContain('LGBModel');
  });

  it('accepts Qlib module_path and rejects other top-level keys', () => {
    expect(createModel({ class: 'LinearModel', module_path: 'qlib.contrib.model.linear' }).className).toBe('LinearModel');
    // @ts-expect-error: a typo in the config itself
    const e = caught(() => createModel({ class: 'LinearModel', kwarg: {} }));
    expect(e.code).toBe('CONFIG_INVALID');
  });
});
