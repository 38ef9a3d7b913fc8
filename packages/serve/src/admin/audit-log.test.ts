import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type AuditEntry, AuditLog, parseAuditLog } from './audit-log.js';

const root = mkdtempSync(join(tmpdir(), 'rollq-audit-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const entry = (i: number): AuditEntry => ({
  time: new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString(),
  who: { token: 'token:abc', remote: '127.0.0.1' },
  action: 'reload',
  outcome: 'ok',
  before: { commit: i, online: { gbdt: [`r${i}`] } },
  after: { commit: i + 1, online: { gbdt: [`r${i + 1}`, 'x'.repeat(5000)] } },
});

describe('AuditLog', () => {
  it('appends whole lines in call order, even many at once', async () => {
    const log = new AuditLog(join(root, 'audit.jsonl'));
    await Promise.all(Array.from({ length: 50 }, (_, i) => log.append(entry(i))));
    const lines = parseAuditLog(readFileSync(log.path, 'utf8'));
    expect(lines.map((l) => l.before.commit)).toEqual(Array.from({ length: 50 }, (_, i) => i));
  });

  it('skips a last line cut short by a crash, and reports a log it cannot write', async () => {
    const path = join(root, 'cut.jsonl');
    const log = new AuditLog(path);
    await log.append(entry(1));
    appendFileSync(path, '{"time":"2026-01-01T00:00:02.000Z","who":');
    expect(parseAuditLog(readFileSync(path, 'utf8'))).toHaveLength(1);
    await expect(new AuditLog(join(root, 'no', 'such', 'dir.jsonl')).append(entry(2))).rejects.toMatchObject({
      code: 'LOG_WRITE_FAILED',
    });
  });
});
