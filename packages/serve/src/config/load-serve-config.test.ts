import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ServeError } from '../errors.js';
import { envOverrides, loadServeConfig } from './load-serve-config.js';
import { defaultServeConfig } from './serve-config.js';

const root = mkdtempSync(join(tmpdir(), 'rollq-serve-config-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const file = (name: string, text: string) => {
  const p = join(root, name);
  writeFileSync(p, text);
  return p;
};
const thrown = (f: () => unknown): ServeError => {
  try {
    f();
  } catch (e) {
    return e as ServeError;
  }
  throw new Error('did not throw');
};

describe('loadServeConfig', () => {
  it('gives the defaults without a file, and layers file < env < flags', () => {
    expect(loadServeConfig({ env: {} })).toEqual(defaultServeConfig());
    expect(defaultServeConfig().server).toEqual({
      port: 8080,
      host: '127.0.0.1',
      requestTimeoutMs: 5000,
      bodyLimitBytes: 1_048_576,
      trustProxy: false,
    });
    expect(defaultServeConfig().predict).toEqual({ workers: null });
    const p = file(
      'layers.yaml',
      'server:\n  port: 9000\n  host: 0.0.0.0\ncache:\n  maxEntries: 50\nstrategies:\n  gbdt: { top: 20 }\nmodels:\n  rec1: { enabled: false }\n',
    );
    const c = loadServeConfig({
      file: p,
      env: { ROLLQ_SERVE_SERVER__PORT: '9100', ROLLQ_SERVE_THRESHOLDS__STALE_TRADING_DAYS: '5', HOME: '/root' },
      flags: [{ path: ['server', 'port'], value: 9200, source: '--port' }],
    });
    expect(c.server).toMatchObject({ port: 9200, host: '0.0.0.0' });
    expect(c.cache.maxEntries).toBe(50);
    expect(c.thresholds.staleTradingDays).toBe(5);
    expect(c.strategies.gbdt).toEqual({ top: 20 });
    expect(c.models.rec1).toEqual({ enabled: false });
  });

  it('names each bad value where it was set: file:line:col, the variable, the flag', () => {
    const p = file('bad.yaml', 'server:\n  port: eighty\ncache:\n  maxEntries: 10\n  colour: red\n');
    const e = thrown(() => loadServeConfig({ file: p, env: { ROLLQ_SERVE_THRESHOLDS__LATENCY_MS: '-1' } }));
    expect(e).toBeInstanceOf(ServeError);
    expect(e.code).toBe('SERVE_CONFIG_INVALID');
    expect(e.exitCode).toBe(2);
    expect(e.message).toContain(`${p}:2:9: server.port:`);
    expect(e.message).toContain(`${p}:5:3: cache.colour:`);
    expect(e.message).toContain('env ROLLQ_SERVE_THRESHOLDS__LATENCY_MS: thresholds.latencyMs:');
    const f = thrown(() => loadServeConfig({ env: {}, flags: [{ path: ['server', 'port'], value: 70000, source: '--port' }] }));
    expect(f.message).toMatch(/--port: server\.port: .*65535/);
    const g = thrown(() => loadServeConfig({ env: { ROLLQ_SERVE_NOPE__X: '1' } }));
    expect(g.message).toMatch(/env ROLLQ_SERVE_NOPE__X: nope/);
  });

  it('reports YAML syntax errors and a missing file as usage errors', () => {
    const p = file('syntax.yaml', 'server:\n  port: [1, 2\n');
    const syntax = thrown(() => loadServeConfig({ file: p, env: {} }));
    expect(syntax.code).toBe('SERVE_CONFIG_INVALID');
    expect(syntax.message).toMatch(new RegExp(`^serve config file is not valid YAML:\\n  ${p}:\\d+:\\d+`));
    const missing = thrown(() => loadServeConfig({ file: join(root, 'none.yaml'), env: {} }));
    expect(missing.exitCode).toBe(2);
    expect(missing.message).toBe(`serve config file ${join(root, 'none.yaml')} does not exist`);
  });

  it('reads ROLLQ_SERVE_ names into camelCase paths, JSON values where they parse', () => {
    expect(envOverrides({ ROLLQ_SERVE_SERVER__REQUEST_TIMEOUT_MS: '300', ROLLQ_SERVE_SERVER__HOST: 'localhost', OTHER: 'x' })).toEqual([
      { path: ['server', 'host'], value: 'localhost', source: 'env ROLLQ_SERVE_SERVER__HOST' },
      { path: ['server', 'requestTimeoutMs'], value: 300, source: 'env ROLLQ_SERVE_SERVER__REQUEST_TIMEOUT_MS' },
    ]);
  });
});
