import { describe, expect, it } from 'vitest';
import { type ServiceIssue, ServiceStateMachine, type Transition } from './service-state.js';

const stale: ServiceIssue = { kind: 'stale', reason: 'signals end 2016-11-10, 3 trading days behind 2016-11-15' };
const slow: ServiceIssue = { kind: 'latency', reason: 'p95 prediction latency 300 ms > 250 ms' };

describe('ServiceStateMachine', () => {
  it('starts Recovering, reaches Normal after the healthy checks, degrades, fails and recovers with reasons', () => {
    const seen: Transition[] = [];
    const m = new ServiceStateMachine({ failAfterReloadErrors: 2, recoverAfterChecks: 2, onTransition: (t) => seen.push(t) });
    expect(m.state).toBe('Recovering');
    expect(m.ready).toBe(false);
    m.update({ loaded: true, reloadErrors: 0, issues: [] });
    expect(m.state).toBe('Recovering');
    expect(m.ready).toBe(true);
    m.update({ loaded: true, reloadErrors: 0, issues: [] });
    expect(m.state).toBe('Normal');
    expect(m.reasons).toEqual([]);

    m.update({ loaded: true, reloadErrors: 0, issues: [stale] });
    expect(m.state).toBe('Degraded');
    expect(m.ready).toBe(false);
    expect(m.reasons).toEqual([stale.reason]);
    // slow but fresh: Degraded, still ready
    m.update({ loaded: true, reloadErrors: 0, issues: [slow] });
    expect(m.state).toBe('Degraded');
    expect(m.ready).toBe(true);

    m.update({ loaded: true, reloadErrors: 2, issues: [] });
    expect(m.state).toBe('Failed');
    expect(m.ready).toBe(false);
    expect(m.reasons).toEqual(['2 reloads in a row failed']);

    m.update({ loaded: true, reloadErrors: 0, issues: [] });
    expect(m.state).toBe('Recovering');
    expect(m.reasons).toEqual(['recovering: 1 of 2 healthy checks']);
    m.update({ loaded: true, reloadErrors: 0, issues: [] });
    expect(m.state).toBe('Normal');
    expect(seen.map((t) => `${t.from}>${t.to}`)).toEqual([
      'Recovering>Normal',
      'Normal>Degraded',
      'Degraded>Failed',
      'Failed>Recovering',
      'Recovering>Normal',
    ]);
  });

  it('is Failed while nothing is loaded', () => {
    const m = new ServiceStateMachine({ failAfterReloadErrors: 3, recoverAfterChecks: 1 });
    m.update({ loaded: false, reloadErrors: 1, issues: [{ kind: 'reload', reason: 'no online manager state at x/state.json' }] });
    expect(m.state).toBe('Failed');
    expect(m.ready).toBe(false);
    expect(m.reasons[0]).toMatch(/no online manager state/);
  });
});
