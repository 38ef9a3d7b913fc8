import { DelayTrainer, type ModelTrainer, Trainer, type TrainerOptions } from './trainer.js';

/** Gives the manager a trainer: immediate (`delay` false, Qlib's TrainerR) or delayed (DelayTrainerR, for simulation). */
export type TrainerFactory = (delay: boolean, ctx: { region: string }) => ModelTrainer;

/**
 * The default {@link TrainerFactory}: this process trains (Trainer / DelayTrainer), on the state's region.
 *
 * @example
 * ```ts
 * const trainers = localTrainers({ store, provider });
 * const trainer = trainers(false, { region: 'us' });
 * const recorders = await trainer.train(tasks, 'gbdt');
 * ```
 */
export function localTrainers(opts: Omit<TrainerOptions, 'region'>): TrainerFactory {
  return (delay, { region }) => (delay ? new DelayTrainer({ ...opts, region }) : new Trainer({ ...opts, region }));
}
