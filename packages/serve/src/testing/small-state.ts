import { QlibProvider } from '@rollq/data';
import { OnlineManager } from '@rollq/online';
import { smallGbdtTask } from '@rollq/online/testing';
import type { TaskConfig } from '@rollq/rolling';
import { usQlibDir } from '@rollq/tools';

/** The two strategies of the small state: LightGBM models of two depths on 12 US names, rolled every 10 days. */
export function smallStrategies(): Array<{ name: string; template: TaskConfig[]; rolling: { step: number } }> {
  const deep = smallGbdtTask('2016-10-31');
  deep.model = { class: 'LGBModel', kwargs: { num_boost_round: 12, max_depth: 4, learning_rate: 0.1, num_threads: 1 } };
  return [
    { name: 'gbdt', template: [smallGbdtTask('2016-10-31')], rolling: { step: 10 } },
    { name: 'deep', template: [deep], rolling: { step: 10 } },
  ];
}

/**
 * A real online state on the shipped US data, small enough for tests: two strategies first-trained at
 * 2016-10-31 (2 online models), then a routine at `routine` (default 2016-11-04), so signals and stored
 * predictions exist up to that day. Returns the manager (tests run later routines with it) and the data
 * (default the shipped US data; `dataDir` another Qlib folder).
 */
export async function buildSmallState(
  dir: string,
  routine = '2016-11-04',
  dataDir?: string,
): Promise<{ manager: OnlineManager; provider: QlibProvider }> {
  const provider = QlibProvider.open(dataDir ?? (await usQlibDir()));
  const manager = await OnlineManager.init(
    dir,
    { strategies: smallStrategies(), beginTime: '2016-10-31', region: 'us' },
    { provider, warn: () => {} },
  );
  await manager.routine(routine);
  return { manager, provider };
}
