import { type ModelDataset, parseOrThrow, type RowIndex } from '@rollq/data';
import { z } from '@rollq/data/zod';
import { ModelError } from '../errors.js';
import { GBDTModel } from '../gbdt/gbdt-model.js';
import { LGBModel } from '../gbdt/lgb-model.js';
import { LinearModel } from '../linear/linear-model.js';
import { MLPModel } from '../tf/mlp-model.js';
import { RNNModel } from '../tf/rnn-model.js';
import type { Model } from './model.js';
import { readSavedConfig } from './saved-config.js';

/** How a registry builds and reloads one model class. */
export interface ModelClassEntry {
  /** Builds an untrained model; kwargs are parsed (and rejected) by the model's schema. */
  create(kwargs: unknown): Model;
  /** Loads a model that was saved under this entry's `className`. */
  load(dir: string): Promise<Model>;
}

/** A model config as workflow YAML writes it (Qlib's `{class, module_path, kwargs}`). */
export const ModelConfigSchema = z.strictObject({
  class: z.string().min(1).describe('model class name, e.g. "LGBModel" or "GBDT"'),
  module_path: z.string().optional().describe('Qlib module path; accepted and ignored (the registry decides)'),
  kwargs: z.record(z.string(), z.unknown()).default({}).describe('model kwargs (default {})'),
});
export type ModelConfig = z.input<typeof ModelConfigSchema>;

/**
 * Maps class names (ours and Qlib's) to model classes. A value, not a module global: callers pass the
 * registry they want, and can register their own models next to the built-in ones.
 */
export class ModelRegistry {
  readonly #entries = new Map<string, ModelClassEntry>();

  constructor(entries: Record<string, ModelClassEntry> = {}) {
    for (const [name, e] of Object.entries(entries)) this.register(name, e);
  }

  /** Adds (or replaces) a class under `name`; returns the registry for chaining. */
  register(name: string, entry: ModelClassEntry): this {
    this.#entries.set(name, entry);
    return this;
  }

  /** Registered class names, sorted. */
  names(): string[] {
    return [...this.#entries.keys()].sort();
  }

  /** The entry for `name`; `MODEL_UNKNOWN` listing the known names otherwise. */
  get(name: string): ModelClassEntry {
    const e = this.#entries.get(name);
    if (!e) {
      throw new ModelError('MODEL_UNKNOWN', `unknown model class "${name}"`, {
        hint: `known model classes: ${this.names().join(', ')}`,
      });
    }
    return e;
  }

  /** Builds an untrained model from `{class, kwargs}` (Qlib YAML shape). */
  create(config: ModelConfig): Model {
    const cfg = parseOrThrow(ModelConfigSchema, config, {
      errorClass: ModelError,
      code: 'CONFIG_INVALID',
      what: 'model config',
      hint: 'a model config is { class: <name>, kwargs: { … } }',
    });
    return this.get(cfg.class).create(cfg.kwargs);
  }

  /** Loads the model saved in `dir`, picking the class from its `rollq-model.json`. */
  async load(dir: string): Promise<Model> {
    const cfg = await readSavedConfig(dir);
    return this.get(cfg.className).load(dir);
  }
}

/**
 * The built-in classes under our names and Qlib's: `LGBModel` → {@link LGBModel} (LightGBM's C library);
 * `GBDT` (LightGBM-like defaults, leaf-wise) and `XGBModel` (XGBoost defaults) → {@link GBDTModel}
 * (XGBoost's C library); `LinearModel`; `MLP` / `DNNModelPytorch` → {@link MLPModel}; `GRU`, `LSTM` →
 * {@link RNNModel}.
 */
export function defaultModelRegistry(): ModelRegistry {
  const gbdt: ModelClassEntry = { create: (kw) => new GBDTModel(kw), load: (dir) => GBDTModel.load(dir) };
  const mlp: ModelClassEntry = { create: (kw) => new MLPModel(kw), load: (dir) => MLPModel.load(dir) };
  return new ModelRegistry({
    GBDT: gbdt,
    LGBModel: { create: (kw) => new LGBModel(kw), load: (dir) => LGBModel.load(dir) },
    XGBModel: {
      create: (kw) => new GBDTModel({ flavor: 'xgboost', ...(kw as Record<string, unknown>) }),
      load: (dir) => GBDTModel.load(dir),
    },
    LinearModel: { create: (kw) => new LinearModel(kw), load: (dir) => LinearModel.load(dir) },
    MLP: mlp,
    DNNModelPytorch: mlp,
    GRU: { create: (kw) => new RNNModel('GRU', kw), load: (dir) => RNNModel.load(dir) },
    LSTM: { create: (kw) => new RNNModel('LSTM', kw), load: (dir) => RNNModel.load(dir) },
  });
}

/** Builds an untrained model from `{class, kwargs}` with `registry` (default: the built-in classes). */
export function createModel(config: ModelConfig, registry: ModelRegistry = defaultModelRegistry()): Model {
  return registry.create(config);
}

/** Loads a saved model directory, whatever its class, with `registry` (default: the built-in classes). */
export function loadModel(dir: string, registry: ModelRegistry = defaultModelRegistry()): Promise<Model> {
  return registry.load(dir);
}

/** Scores a segment and returns the scores with the row index they align to. */
export function predictWithIndex(model: Model, dataset: ModelDataset, segment = 'test'): { scores: Float64Array; index: RowIndex } {
  const scores = model.predict(dataset, segment);
  return { scores, index: dataset.prepare(segment, 'infer').index };
}
