import { isAbsolute, join } from 'node:path';
import { defaultWarn, FeatureStore, type QlibProvider } from '@rollq/data';
import { defaultTaskComponents, locationScheme, type RecorderStore, RecorderStoreRouter, type TaskComponents } from '@rollq/workflow';
import { rollingStrategyFactory, type StrategyFactory } from '../strategy/strategy-factory.js';
import { localTrainers, type TrainerFactory } from '../trainer/trainer-factory.js';
import type { OnlineManagerOptions } from './online-manager.js';
import type { ManagerState } from './state-schema.js';
import { DirectoryStateStore, type ManagerStateStore } from './state-store.js';
import { TradingClock } from './trading-clock.js';

/** The parts a manager composes, resolved from {@link OnlineManagerOptions}. */
export interface ManagerParts {
  provider: QlibProvider;
  store: RecorderStore;
  states: ManagerStateStore;
  strategyFactory: StrategyFactory;
  trainers: TrainerFactory;
  components: TaskComponents;
  clock: TradingClock;
  warn: (m: string) => void;
}

/** The parts of a manager: the given ones, else the defaults over the state's own locations. */
export async function resolveParts(
  dir: string,
  state: ManagerState,
  opts: OnlineManagerOptions,
  states: ManagerStateStore,
): Promise<ManagerParts> {
  const store = opts.store ?? (await (opts.storeRouter ?? new RecorderStoreRouter()).open(storeLocation(dir, state.store)));
  // One feature cache for the manager's life: every task of every strategy reads the same handler data,
  // so features are computed once and extended by new days instead of recomputed per task.
  const components = opts.components ?? defaultTaskComponents({ featureStore: new FeatureStore() });
  return {
    provider: opts.provider,
    store,
    states,
    strategyFactory: opts.strategyFactory ?? rollingStrategyFactory,
    trainers: opts.trainerFactory ?? localTrainers({ store, provider: opts.provider, components, onProgress: opts.onProgress }),
    components,
    clock: new TradingClock(opts.provider.calendar),
    warn: opts.warn ?? defaultWarn,
  };
}

/** The recorder store location of a state: a URL as is, a path relative to the state folder (exported as `stateStoreLocation`). */
export function storeLocation(dir: string, location: string): string {
  return locationScheme(location) !== null || isAbsolute(location) ? location : join(dir, location);
}

/** The given state store, else the state folder's own (the default). */
export function stateStoreOf(dir: string, opts: Pick<OnlineManagerOptions, 'stateStore' | 'lockTimeoutMs'>): ManagerStateStore {
  return opts.stateStore ?? new DirectoryStateStore(dir, { lockTimeoutMs: opts.lockTimeoutMs });
}
