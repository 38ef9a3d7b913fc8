import type { RoutineLogEntry } from '@rollq/online';
import type { ServeConfig } from '../config/serve-config.js';
import type { SignalAlert } from './signal-monitor.js';

/**
 * The alerts of the last routine in the routine log: `update` when it failed (the error's code, message and
 * fix hint), `latency` when it took longer than `updateLatencyMs`. Each is about that routine (its wall-clock
 * time), so it is raised once however often the log is read.
 */
export function routineAlerts(e: RoutineLogEntry, t: ServeConfig['thresholds'], now: Date): SignalAlert[] {
  const out: SignalAlert[] = [];
  const time = now.toISOString();
  const date = e.date ?? e.at.slice(0, 10);
  const what = `${e.kind} ${e.date ?? ''} at ${e.at}`.replace('  ', ' ');
  if (e.outcome === 'failed') {
    const code = e.code ? `${e.code}: ` : '';
    const hint = e.hint ? ` (hint: ${e.hint})` : '';
    out.push({
      time,
      commit: e.commit,
      kind: 'update',
      date,
      value: 0,
      threshold: 1,
      message: `the ${what} failed: ${code}${e.message ?? 'no message'}${hint}`,
      cause: `update|${e.at}`,
    });
  }
  if (e.durationMs > t.updateLatencyMs) {
    out.push({
      time,
      commit: e.commit,
      kind: 'latency',
      date,
      value: e.durationMs,
      threshold: t.updateLatencyMs,
      message: `the ${what} took ${(e.durationMs / 1000).toFixed(1)} s > ${(t.updateLatencyMs / 1000).toFixed(1)} s`,
      cause: `latency|${e.at}`,
    });
  }
  return out;
}

/** The p99 of latencies (ms), or null when there are none. */
export function p99(latenciesMs: readonly number[]): number | null {
  if (latenciesMs.length === 0) return null;
  const sorted = [...latenciesMs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.99) - 1)]!;
}

/**
 * The last N /predict latencies (a ring) and whether their p99 is over the threshold now. An alert is due
 * when it crosses the threshold (once per episode: not again until the p99 has come back under it), judged
 * only over a full window.
 */
export class PredictLatencyWatch {
  private readonly ring: number[] = [];
  private at = 0;
  private high = false;

  constructor(private readonly t: Pick<ServeConfig['thresholds'], 'predictLatencyMs' | 'predictLatencyRequests'>) {}

  record(ms: number): void {
    if (this.ring.length < this.t.predictLatencyRequests) this.ring.push(ms);
    else this.ring[this.at++ % this.t.predictLatencyRequests] = ms;
  }

  /** The alert, when the p99 just crossed the threshold; else null. */
  check(commit: number, now: Date): SignalAlert | null {
    const p = this.ring.length >= this.t.predictLatencyRequests ? p99(this.ring) : null;
    const over = p !== null && p > this.t.predictLatencyMs;
    const crossed = over && !this.high;
    this.high = over;
    if (!crossed) return null;
    const time = now.toISOString();
    return {
      time,
      commit,
      kind: 'predict_latency',
      date: time.slice(0, 10),
      value: p,
      threshold: this.t.predictLatencyMs,
      message: `p99 of the last ${this.ring.length} /predict requests is ${p.toFixed(1)} ms > ${this.t.predictLatencyMs} ms`,
      cause: `predict_latency|${time}`,
    };
  }
}
