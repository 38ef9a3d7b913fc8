import { computeFeatures, type QlibProvider, toTable } from '@rollq/data';
import { analyseSignal } from '@rollq/workflow';
import { table as aqTable } from 'arquero';
import type { ServeConfig } from '../config/serve-config.js';
import type { DayIndex } from '../state/day-index.js';

/** Qlib's default label (Alpha158 / Alpha360): the return from the next close to the one after. */
export const LABEL_EXPR = 'Ref($close, -2)/Ref($close, -1) - 1';

/** What one check of the blended signal found. */
export interface SignalQuality {
  /** The last signal day whose label is known ("yesterday" once the data has moved two days on), or null. */
  date: string | null;
  /** IC and Rank IC of that day (Pearson / Spearman of score and label across names). */
  ic: number | null;
  rankIc: number | null;
  /** Mean daily IC over the window. */
  icMean: number | null;
  /** Max drawdown of the TopK portfolio (equal weight, the top `topk` names each day, no costs) over the window. */
  drawdown: number | null;
  /** Labelled signal days the window holds. */
  days: number;
}

/**
 * One alert: a quality figure past its threshold (`ic`, `drawdown`), or an operations one (`update`: the last
 * routine failed, value 0 against 1 for ok; `latency`: the last routine's duration in ms; `predict_latency`:
 * the p99 of the last /predict requests in ms).
 */
export interface SignalAlert {
  time: string;
  commit: number;
  kind: 'ic' | 'drawdown' | 'update' | 'latency' | 'predict_latency';
  date: string;
  value: number;
  threshold: number;
  message: string;
  /** What the alert is about, raised once (default: its commit, kind and date). */
  cause?: string;
}

/** The key an alert is raised once per. */
export const alertCause = (a: SignalAlert): string => a.cause ?? `${a.commit}|${a.kind}|${a.date}`;

const finiteOrNull = (x: number | undefined) => (x !== undefined && Number.isFinite(x) ? x : null);

/**
 * Signal quality after a routine: the IC / Rank IC of the last signal day whose label the data holds, the
 * window's mean IC, and the drawdown of a TopK portfolio held on the signal over the window. Labels are
 * Qlib's `LABEL0`, computed from the data for the signal's names (only the window's days plus two).
 */
export function signalQuality(
  provider: QlibProvider,
  signals: DayIndex,
  opts: Pick<ServeConfig['monitor'], 'windowDays' | 'topk'> & { upTo?: string },
): SignalQuality {
  const empty: SignalQuality = { date: null, ic: null, rankIc: null, icMean: null, drawdown: null, days: 0 };
  const cal = provider.calendar;
  // a day's label needs the closes of the next two trading days
  const lastLabelled = cal.dates[cal.dates.length - 3];
  const days = signals.days
    .filter((d) => lastLabelled !== undefined && d <= lastLabelled && (opts.upTo === undefined || d <= opts.upTo))
    .slice(-opts.windowDays);
  if (days.length === 0) return empty;
  const datetime: string[] = [];
  const instrument: string[] = [];
  const score: number[] = [];
  for (const d of days) {
    const rows = signals.day(d)!;
    rows.instruments.forEach((n, i) => {
      datetime.push(d);
      instrument.push(n);
      score.push(rows.scores[i]!);
    });
  }
  const names = [...new Set(instrument)];
  const frame = computeFeatures(provider, {
    fields: [{ name: 'LABEL0', expr: LABEL_EXPR }],
    instruments: names,
    start: days[0]!,
    end: days[days.length - 1]!,
  });
  const label = toTable(frame);
  const pred = aqTable({ datetime, instrument, score: Float64Array.from(score) });
  const a = analyseSignal(provider, pred, label, { longShort: false, annScaler: 252 });
  const ics = a.ic.filter((p) => Number.isFinite(p.value));
  const last = ics.at(-1);
  const ric = last ? a.ric.find((p) => p.date === last.date) : undefined;
  return {
    date: last?.date ?? null,
    ic: finiteOrNull(last?.value),
    rankIc: finiteOrNull(ric?.value),
    icMean: ics.length > 0 ? ics.reduce((s, p) => s + p.value, 0) / ics.length : null,
    drawdown: topkDrawdown(days, signals, labelsByDay(label), opts.topk),
    days: ics.length,
  };
}

function labelsByDay(label: ReturnType<typeof toTable>): Map<string, Map<string, number>> {
  const dt = label.array('datetime') as ArrayLike<string>;
  const inst = label.array('instrument') as ArrayLike<string>;
  const v = label.array('LABEL0') as ArrayLike<number>;
  const out = new Map<string, Map<string, number>>();
  for (let i = 0; i < dt.length; i++) {
    if (!Number.isFinite(v[i]!)) continue;
    let m = out.get(dt[i]!);
    if (!m) out.set(dt[i]!, (m = new Map()));
    m.set(inst[i]!, v[i]!);
  }
  return out;
}

/** Max drawdown of holding, each day, the `topk` best-scored names with a known label, equally weighted. */
function topkDrawdown(days: readonly string[], signals: DayIndex, labels: Map<string, Map<string, number>>, topk: number): number | null {
  let value = 1;
  let peak = 1;
  let worst = 0;
  let held = 0;
  for (const d of days) {
    const rows = signals.day(d)!;
    const lab = labels.get(d);
    if (!lab) continue;
    const picked = rows.ranked
      .map((i) => rows.instruments[i]!)
      .filter((n) => lab.has(n))
      .slice(0, topk);
    if (picked.length === 0) continue;
    value *= 1 + picked.reduce((s, n) => s + lab.get(n)!, 0) / picked.length;
    peak = Math.max(peak, value);
    worst = Math.max(worst, 1 - value / peak);
    held++;
  }
  return held > 0 ? worst : null;
}

/** The alerts a check raises against the thresholds. */
export function qualityAlerts(q: SignalQuality, m: ServeConfig['monitor'], commit: number, now: Date): SignalAlert[] {
  const out: SignalAlert[] = [];
  const time = now.toISOString();
  if (q.date !== null && q.ic !== null && q.ic < m.minDailyIc) {
    out.push({
      time,
      commit,
      kind: 'ic',
      date: q.date,
      value: q.ic,
      threshold: m.minDailyIc,
      message: `IC of ${q.date} is ${q.ic.toFixed(4)} < ${m.minDailyIc}`,
    });
  }
  if (q.date !== null && q.drawdown !== null && q.drawdown > m.maxDrawdown) {
    out.push({
      time,
      commit,
      kind: 'drawdown',
      date: q.date,
      value: q.drawdown,
      threshold: m.maxDrawdown,
      message: `TopK drawdown over the last ${q.days} days to ${q.date} is ${(q.drawdown * 100).toFixed(1)} % > ${(m.maxDrawdown * 100).toFixed(1)} %`,
    });
  }
  return out;
}
