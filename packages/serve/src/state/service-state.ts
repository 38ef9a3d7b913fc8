/** The states of the service (the seeds' failover states). */
export const SERVICE_STATES = ['Normal', 'Degraded', 'Failed', 'Recovering'] as const;
export type ServiceStateName = (typeof SERVICE_STATES)[number];

/**
 * Why the service is not Normal. `stale` and `model` make `/readyz` fail; `latency`, `reload` and `update` (the
 * last routine failed: the last good state is still served) do not on their own.
 */
export interface ServiceIssue {
  kind: 'stale' | 'model' | 'latency' | 'reload' | 'update' | 'no_state';
  reason: string;
}

/** One evaluation of the service's health. */
export interface HealthCheck {
  /** Whether a committed state is loaded and served. */
  loaded: boolean;
  /** Reloads in a row that failed. */
  reloadErrors: number;
  issues: readonly ServiceIssue[];
}

/** A change of state, as logged and kept for `/readyz`. */
export interface Transition {
  from: ServiceStateName;
  to: ServiceStateName;
  reasons: string[];
  at: Date;
}

/** Options of {@link ServiceStateMachine}. */
export interface ServiceStateOptions {
  /** Failed reloads in a row that make the service Failed even though an older state is still served. */
  failAfterReloadErrors: number;
  /** Healthy checks in a row that take Recovering to Normal. */
  recoverAfterChecks: number;
  /** Called on every change (the server logs it). */
  onTransition?: (t: Transition) => void;
  now?: () => Date;
}

/**
 * Normal / Degraded / Failed / Recovering. Nothing loaded, or too many failed reloads in a row: Failed. A stale
 * state, a model that did not load, slow predictions or a failed reload (the old state still served):
 * Degraded. Healthy again after Degraded or Failed: Recovering, until `recoverAfterChecks` healthy checks in a
 * row, then Normal. The service starts in Recovering (loading).
 */
export class ServiceStateMachine {
  private current: ServiceStateName = 'Recovering';
  private reasonList: string[] = ['starting: no state loaded yet'];
  private issueList: readonly ServiceIssue[] = [{ kind: 'no_state', reason: 'starting: no state loaded yet' }];
  private healthyChecks = 0;
  private last: Transition | null = null;

  constructor(private readonly opts: ServiceStateOptions) {}

  get state(): ServiceStateName {
    return this.current;
  }

  /** Why the service is in its state (empty when Normal). */
  get reasons(): readonly string[] {
    return this.reasonList;
  }

  get issues(): readonly ServiceIssue[] {
    return this.issueList;
  }

  get lastTransition(): Transition | null {
    return this.last;
  }

  /** Ready for traffic: a state is served and it is fresh with every model loaded. */
  get ready(): boolean {
    return this.current !== 'Failed' && !this.issueList.some((i) => i.kind === 'stale' || i.kind === 'model' || i.kind === 'no_state');
  }

  /** Moves to the state `check` calls for; returns the transition, or null when the state did not change. */
  update(check: HealthCheck): Transition | null {
    const reasons = check.issues.map((i) => i.reason);
    let next: ServiceStateName;
    if (!check.loaded || check.reloadErrors >= this.opts.failAfterReloadErrors) {
      next = 'Failed';
      if (!check.loaded && reasons.length === 0) reasons.push('no committed state loaded');
      if (check.reloadErrors >= this.opts.failAfterReloadErrors) reasons.push(`${check.reloadErrors} reloads in a row failed`);
      this.healthyChecks = 0;
    } else if (check.issues.length > 0) {
      next = 'Degraded';
      this.healthyChecks = 0;
    } else {
      this.healthyChecks++;
      const wasBad = this.current === 'Degraded' || this.current === 'Failed';
      if (wasBad || (this.current === 'Recovering' && this.healthyChecks < this.opts.recoverAfterChecks)) next = 'Recovering';
      else next = 'Normal';
      if (next === 'Recovering') reasons.push(`recovering: ${this.healthyChecks} of ${this.opts.recoverAfterChecks} healthy checks`);
    }
    this.issueList = check.loaded ? check.issues : [...check.issues, { kind: 'no_state', reason: reasons[0]! }];
    this.reasonList = reasons;
    if (next === this.current) return null;
    const t: Transition = { from: this.current, to: next, reasons, at: (this.opts.now ?? (() => new Date()))() };
    this.current = next;
    this.last = t;
    this.opts.onTransition?.(t);
    return t;
  }
}
