import { z } from '@rollq/data/zod';
import { parseInput, type RecorderInfo, type RecorderStore } from '@rollq/workflow';
import { OnlineError } from '../errors.js';

/** The tag key holding a recorder's online state (Qlib's `OnlineToolR.ONLINE_KEY`). */
export const ONLINE_KEY = 'online_status';

/** `online` or `offline`; a recorder without the tag counts as offline, as in Qlib. */
export const OnlineTag = z.enum(['online', 'offline']);
/** `online` or `offline`. */
export type OnlineTag = z.output<typeof OnlineTag>;

/** A recorder, or its id. */
export type RecorderLike = RecorderInfo | string;

/** Options of {@link OnlineTool}. */
export const OnlineToolOptions = z.strictObject({
  defaultExperiment: z.string().optional().describe('Experiment used when a call names none (default: none, so every call must name one).'),
});
/** Input of {@link OnlineTool}'s constructor. */
export type OnlineToolInput = z.input<typeof OnlineToolOptions>;

function idOf(r: RecorderLike): string {
  return typeof r === 'string' ? r : r.id;
}

/** Returns a recorder's online tag: its `online_status` tag, `offline` when absent (Qlib's `get_online_tag`). */
export function getOnlineTag(rec: RecorderInfo): OnlineTag {
  return rec.tags[ONLINE_KEY] === 'online' ? 'online' : 'offline';
}

/**
 * Marks which recorders of an experiment serve online (Qlib's `OnlineToolR`), over any
 * {@link RecorderStore}. Which models are online is just the `online_status` tag of their recorders.
 *
 * @example
 * ```ts
 * const tool = new OnlineTool(store, { defaultExperiment: 'rolling' });
 * await tool.resetOnlineTag(newModels);     // exactly these online, all others offline
 * const online = await tool.onlineModels(); // newest first
 * ```
 */
export class OnlineTool {
  private readonly defaultExperiment?: string;

  constructor(
    private readonly store: RecorderStore,
    opts: OnlineToolInput = {},
  ) {
    this.defaultExperiment = parseInput(OnlineToolOptions, opts, 'OnlineTool options').defaultExperiment;
  }

  /** Sets `tag` on each recorder (Qlib's `set_online_tag(tag, recorders)`; the tag is validated here). */
  async setOnlineTag(recorders: RecorderLike | readonly RecorderLike[], tag: OnlineTag): Promise<void> {
    const t = parseInput(OnlineTag, tag, 'online tag');
    const list = Array.isArray(recorders) ? recorders : [recorders as RecorderLike];
    await Promise.all(list.map((r) => this.store.setTags(idOf(r), { [ONLINE_KEY]: t })));
  }

  /**
   * Makes exactly `recorders` online and every other recorder of the experiment offline (Qlib's
   * `reset_online_tag`). Unlike Qlib, which first tags everything offline, the new set goes online
   * first: a crash half-way leaves too many models online rather than none. Like Qlib, every other
   * recorder ends with an explicit `offline` tag; recorders already tagged right are not rewritten.
   */
  async resetOnlineTag(recorders: RecorderLike | readonly RecorderLike[], experiment?: string): Promise<void> {
    const exp = this.experiment(experiment);
    const list = Array.isArray(recorders) ? recorders : [recorders as RecorderLike];
    const online = new Set(list.map(idOf));
    await this.setOnlineTag([...online], 'online');
    const stale = (await this.store.listRecorders(exp)).filter((r) => !online.has(r.id) && r.tags[ONLINE_KEY] !== 'offline');
    await this.setOnlineTag(stale, 'offline');
  }

  /** Recorders of the experiment tagged online, newest first, any status (Qlib's `online_models`). */
  async onlineModels(experiment?: string): Promise<RecorderInfo[]> {
    return this.store.listRecorders(this.experiment(experiment), { tags: { [ONLINE_KEY]: 'online' } });
  }

  private experiment(name: string | undefined): string {
    const exp = name ?? this.defaultExperiment;
    if (exp === undefined) {
      throw new OnlineError('EXPERIMENT_REQUIRED', 'no experiment given and the OnlineTool has no defaultExperiment', {
        hint: 'pass the experiment name, or construct the tool with { defaultExperiment: "<name>" }',
      });
    }
    return exp;
  }
}
