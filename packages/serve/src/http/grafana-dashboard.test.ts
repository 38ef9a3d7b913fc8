import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '@rollq/tools';
import { describe, expect, it } from 'vitest';
import { ServeMetrics } from './metrics.js';

const DASHBOARD = join(repoRoot(), 'examples', 'grafana', 'rollq-serve-dashboard.json');

/** The metric families `/metrics` exposes, and the series names Prometheus derives from them. */
async function exposedSeries(): Promise<Set<string>> {
  const text = await new ServeMetrics().registry.metrics();
  const out = new Set<string>();
  for (const m of text.matchAll(/^# TYPE (\S+) (\S+)$/gm)) {
    const [, name, type] = m;
    out.add(name!);
    if (type === 'histogram') for (const s of ['_bucket', '_count', '_sum']) out.add(`${name}${s}`);
  }
  return out;
}

describe('the Grafana dashboard of examples/grafana', () => {
  it('queries only metrics the service exposes, and every metric of the service is on it', async () => {
    const dash = JSON.parse(readFileSync(DASHBOARD, 'utf8')) as { panels: Array<{ title: string; targets: Array<{ expr: string }> }> };
    const series = await exposedSeries();
    const queried = new Set(
      dash.panels.flatMap((p) => p.targets.flatMap((t) => [...t.expr.matchAll(/\brollq_serve_[a-z_]+/g)].map((m) => m[0]))),
    );
    expect([...queried].filter((q) => !series.has(q))).toEqual([]);
    const own = [...series].filter(
      (s) => !s.startsWith('rollq_serve_process_') && !s.startsWith('rollq_serve_nodejs_') && !/_(bucket|sum)$/.test(s),
    );
    const onDashboard = (s: string) => queried.has(s) || queried.has(`${s}_bucket`) || queried.has(s.replace(/_count$/, '_bucket'));
    expect(own.filter((s) => !onDashboard(s))).toEqual([]);
    expect(new Set(dash.panels.map((p) => p.title)).size).toBe(dash.panels.length);
  });
});
