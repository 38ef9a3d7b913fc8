import { createHash } from 'node:crypto';
import type { ServeConfig } from '../config/serve-config.js';
import { signalQuality } from '../monitor/signal-monitor.js';
import type { Predictor } from './predictor.js';
import type { ServeSnapshot } from './snapshot.js';

/** The two sides of a canary: the online set served before the routine, and the new one. */
export type CanaryArm = 'stable' | 'canary';

/** What one side answered so far. */
export interface ArmStats {
  requests: number;
  /** Answers that failed on the service's side (5xx). */
  errors: number;
  latenciesMs: number[];
}

/** A canary in progress: the new online set answers a share of `/signals` while both sides are compared. */
export interface CanaryRun {
  stable: ServeSnapshot;
  stablePredictor: Predictor;
  candidate: ServeSnapshot;
  startedAt: Date;
  arms: Record<CanaryArm, ArmStats>;
}

/** The side a caller is on: a stable hash of who calls, so one caller sees one side for the whole canary. */
export function armOf(caller: string, share: number): CanaryArm {
  const h = createHash('sha256').update(caller).digest().readUInt32BE(0) / 2 ** 32;
  return h < share ? 'canary' : 'stable';
}

function p95(xs: readonly number[]): number | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(s.length * 0.95))]!;
}

/** The canary's verdict once it has answered `minRequests`: null while too few, else the reasons to abort (none: promote). */
export function canaryVerdict(run: CanaryRun, config: ServeConfig): { abort: string[]; facts: Record<string, number | null> } | null {
  const c = config.canary;
  const { stable, canary } = run.arms;
  if (canary.requests < c.minRequests) return null;
  const abort: string[] = [];
  const errorRate = canary.errors / canary.requests;
  if (errorRate > c.maxErrorRate)
    abort.push(`canary error rate ${(errorRate * 100).toFixed(2)} % > ${(c.maxErrorRate * 100).toFixed(2)} %`);
  const ps = p95(stable.latenciesMs);
  const pc = p95(canary.latenciesMs);
  // sub-millisecond answers (cached) are timer noise, not a latency difference
  if (ps !== null && pc !== null && pc > 1 && pc > ps * c.maxLatencyRatio) {
    abort.push(`canary p95 latency ${pc.toFixed(2)} ms > ${c.maxLatencyRatio} × stable ${ps.toFixed(2)} ms`);
  }
  // the signals of both on the same day: the last labelled day both hold
  let ics: [number | null, number | null] = [null, null];
  if (run.stable.signals && run.candidate.signals) {
    const upTo = [run.stable.signals.lastDay, run.candidate.signals.lastDay].filter((d): d is string => d !== null).sort()[0];
    const q = (s: ServeSnapshot) => signalQuality(s.provider, s.signals!, { windowDays: 1, topk: config.monitor.topk, upTo });
    const [qs, qc] = [q(run.stable), q(run.candidate)];
    ics = [qs.ic, qc.ic];
    if (qs.ic !== null && qc.ic !== null && qc.ic < qs.ic - c.icTolerance) {
      abort.push(`canary IC ${qc.ic.toFixed(4)} on ${qc.date} < stable IC ${qs.ic.toFixed(4)} - ${c.icTolerance}`);
    }
  }
  return {
    abort,
    facts: {
      canaryRequests: canary.requests,
      stableRequests: stable.requests,
      errorRate,
      stableP95Ms: ps,
      canaryP95Ms: pc,
      stableIc: ics[0],
      canaryIc: ics[1],
    },
  };
}
