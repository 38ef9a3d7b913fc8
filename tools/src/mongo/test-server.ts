import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);
const script = resolve(dirname(fileURLToPath(import.meta.url)), '../../mongo-test-server.sh');

/** A mongo-java-server process on loopback that a test owns: it can kill and restart it on the same port and data. */
export interface MongoTestServer {
  /** `mongodb://127.0.0.1:PORT/` (no database). */
  readonly url: string;
  readonly port: number;
  readonly pid: number | undefined;
  /** SIGKILL, as a crash would. Acknowledged writes survive (the launcher commits every command). */
  kill(): Promise<void>;
  /** Start again on the same port and data file (after kill). */
  restart(): Promise<void>;
  /** Stop and remove the data folder. */
  stop(): Promise<void>;
}

/** The runnable jar, built once into `~/.cache/rollq/mongo-test-server/<source hash>/` by tools/mongo-test-server.sh. */
export async function mongoTestServerJar(): Promise<string> {
  const { stdout } = await execFileAsync('bash', [script, 'jar'], { maxBuffer: 1 << 20 });
  return stdout.trim();
}

function launch(jar: string, port: number, dataFile: string | null): Promise<{ child: ChildProcess; port: number }> {
  const backend = dataFile === null ? ['--memory'] : ['--h2', dataFile];
  const child = spawn(
    'java',
    [
      '-Xmx1g',
      '-XX:+UseSerialGC',
      '-Dorg.slf4j.simpleLogger.defaultLogLevel=warn',
      '-jar',
      jar,
      '--host',
      '127.0.0.1',
      '--port',
      String(port),
      ...backend,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  return new Promise((resolvePort, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the MongoDB test server did not start within 30 s: ${err.trim()}`));
    }, 30_000);
    child.stderr?.on('data', (chunk: Buffer) => {
      err += chunk.toString();
    });
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /^listening [^:\s]+:(\d+)$/m.exec(out);
      if (match) {
        clearTimeout(timer);
        child.stdout?.removeAllListeners('data');
        resolvePort({ child, port: Number(match[1]) });
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the MongoDB test server exited during start (code ${code}): ${err.trim()}`));
    });
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(new Error(`could not run java for the MongoDB test server (${e.message}); run tools/setup.sh`));
    });
  });
}

function waitExit(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((done) => child.once('exit', () => done()));
}

/**
 * Starts a private MongoDB-protocol server (mongo-java-server + H2 in a fresh temp folder, or `memory: true`).
 * Tests that kill or restart the server use this; other tests share the one from the global setup.
 */
export async function startMongoTestServer(opts: { memory?: boolean } = {}): Promise<MongoTestServer> {
  const jar = await mongoTestServerJar();
  const home = mkdtempSync(join(tmpdir(), 'rollq-mongo-'));
  const dataFile = opts.memory ? null : join(home, 'db.h2');
  let { child, port } = await launch(jar, 0, dataFile);
  return {
    get url() {
      return `mongodb://127.0.0.1:${port}/`;
    },
    get port() {
      return port;
    },
    get pid() {
      return child.pid;
    },
    async kill() {
      child.kill('SIGKILL');
      await waitExit(child);
    },
    async restart() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGKILL');
        await waitExit(child);
      }
      ({ child, port } = await launch(jar, port, dataFile));
    },
    async stop() {
      child.kill('SIGTERM');
      const exited = waitExit(child);
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
      rmSync(home, { recursive: true, force: true });
    },
  };
}
