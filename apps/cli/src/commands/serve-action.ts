import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { readState, STATE_FILE } from '@rollq/online';
import { buildServer, type ConfigOverride, loadServeConfig, readTokenFile, type ServeConfig, ServeError } from '@rollq/serve';
import { stringify } from 'yaml';
import { routeModelLogs } from './model-logs.js';

/**
 * The work of `rollq serve` and `rollq config check` (their options: ./serve.ts), loaded when one runs: fastify,
 * pino and prom-client load with it, never at start-up.
 */

/** `rollq serve` options as commander hands them over, every value already checked. */
export interface ServeOptions {
  state: string;
  port?: number;
  host?: string;
  config?: string;
  tokenFile?: string;
}

/** The flags as the last configuration layer. */
function flagLayer(o: { port?: number; host?: string }): ConfigOverride[] {
  const out: ConfigOverride[] = [];
  if (o.port !== undefined) out.push({ path: ['server', 'port'], value: o.port, source: '--port' });
  if (o.host !== undefined) out.push({ path: ['server', 'host'], value: o.host, source: '--host' });
  return out;
}

/** The merged configuration of `--config`, the environment and the flags. */
function configOf(file: string | undefined, o: { port?: number; host?: string }): ServeConfig {
  return loadServeConfig({ file, flags: flagLayer(o) });
}

/**
 * Runs `rollq serve`: checks every input before it listens (state folder, configuration, token file), then
 * serves until SIGTERM / SIGINT, which close the server gracefully (requests in flight are answered, new
 * connections refused, the state watcher stopped).
 */
export async function serveAction(o: ServeOptions): Promise<void> {
  routeModelLogs();
  const dir = resolve(o.state);
  if (!existsSync(join(dir, STATE_FILE))) {
    throw new ServeError('SERVE_STATE_NOT_FOUND', `${dir} holds no online state (no ${STATE_FILE})`, {
      hint: 'pass the --state folder of `rollq online init`, or create one with `rollq online init <workflow.yaml> --state <dir>`',
    });
  }
  // a state that cannot be read is the user's to fix before the service starts (later, a bad commit only degrades it)
  await readState(dir);
  const config = configOf(o.config, o);
  const token = o.tokenFile === undefined ? null : readTokenFile(o.tokenFile);
  const app = await buildServer({ stateDir: dir, config, token });
  let url: string;
  try {
    url = await app.listen({ port: config.server.port, host: config.server.host });
  } catch (e) {
    await app.close();
    throw new ServeError('LISTEN_FAILED', `cannot listen on ${config.server.host}:${config.server.port}: ${(e as Error).message}`, {
      hint: 'choose another --port (or 0 for any free one), or stop the process that holds it',
      cause: e,
    });
  }
  process.stderr.write(`rollq serve: ${dir} on ${url} (admin ${token ? `on, ${token.id}` : 'off: no --token-file'})\n`);
  await new Promise<void>((done) => {
    const stop = (signal: string) => {
      process.off('SIGTERM', onTerm);
      process.off('SIGINT', onInt);
      process.stderr.write(`rollq serve: ${signal}, closing\n`);
      void app.close().then(done, done);
    };
    const onTerm = () => stop('SIGTERM');
    const onInt = () => stop('SIGINT');
    process.on('SIGTERM', onTerm);
    process.on('SIGINT', onInt);
  });
}

/** Runs `rollq config check <file>`: prints the merged serve configuration as YAML. */
export async function configCheckAction(file: string, o: { port?: number; host?: string }): Promise<void> {
  const config = configOf(file, o);
  process.stdout.write(stringify(config));
}
