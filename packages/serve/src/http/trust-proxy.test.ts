import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAuditLog } from '../admin/audit-log.js';
import { readTokenFile } from '../admin/bearer-token.js';
import { loadServeConfig } from '../config/load-serve-config.js';
import { buildSmallState } from '../testing/small-state.js';
import { buildServer } from './server.js';

const TOKEN = 'proxy-test-token-0123456789abcdef';

describe('server.trustProxy: the caller behind a reverse proxy', () => {
  let root: string;
  let dir: string;

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'rollq-serve-proxy-'));
    dir = join(root, 'state');
    await buildSmallState(dir);
    writeFileSync(join(root, 'token'), `${TOKEN}\n`);
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  /** The caller address the audit log records for an admin call through a proxy that says the client is 203.0.113.7. */
  async function auditedRemote(trustProxy: string | undefined, auditLog: string): Promise<unknown> {
    const app = await buildServer({
      stateDir: dir,
      config: loadServeConfig({
        env: {
          ROLLQ_SERVE_ADMIN__AUDIT_LOG: auditLog,
          ROLLQ_SERVE_MONITOR__ENABLED: 'false',
          ...(trustProxy === undefined ? {} : { ROLLQ_SERVE_SERVER__TRUST_PROXY: trustProxy }),
        },
      }),
      token: readTokenFile(join(root, 'token')),
      logger: pino({ level: 'silent' }),
    });
    try {
      const url = await app.listen({ port: 0, host: '127.0.0.1' });
      const res = await fetch(`${url}/admin/reload`, {
        method: 'POST',
        headers: { authorization: `Bearer ${TOKEN}`, 'x-forwarded-for': '203.0.113.7' },
      });
      expect(res.status).toBe(200);
    } finally {
      await app.close();
    }
    const lines = parseAuditLog(readFileSync(join(dir, auditLog), 'utf8'));
    expect(lines).toHaveLength(1);
    return (lines[0]!.who as { remote: string }).remote;
  }

  it('records the proxy’s address by default, and the forwarded client when the proxy is trusted', async () => {
    expect(await auditedRemote(undefined, 'audit-direct.jsonl')).toBe('127.0.0.1');
    expect(await auditedRemote('127.0.0.1', 'audit-trusted.jsonl')).toBe('203.0.113.7');
    expect(await auditedRemote('true', 'audit-any.jsonl')).toBe('203.0.113.7');
  });

  it('refuses a trustProxy that is neither true/false nor addresses (a hop count: fastify would trust no one), naming the field', () => {
    for (const bad of ['1', '0', '""', '[1]']) {
      expect(() => loadServeConfig({ env: { ROLLQ_SERVE_SERVER__TRUST_PROXY: bad } })).toThrow(
        expect.objectContaining({ code: 'SERVE_CONFIG_INVALID', message: expect.stringContaining('trustProxy') }),
      );
    }
  });
});
