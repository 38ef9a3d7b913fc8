import type { Command } from '@commander-js/extra-typings';
import { nonEmpty, tcpPort } from './option-parsers.js';

/**
 * Registers `rollq serve`: the prediction service over an online state folder (fastify, loaded when it runs),
 * and `rollq config check`: the merged serve configuration, or where it is wrong.
 */
export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('serve the online state over HTTP: signals, predictions, health, Prometheus metrics, admin')
    .requiredOption('--state <dir>', 'state folder of `rollq online` (only committed states are served)', nonEmpty('--state'))
    .option('--port <n>', 'TCP port (default 8080, or server.port of --config; 0: any free port)', tcpPort('--port'))
    .option('--host <address>', 'address to listen on (default 127.0.0.1; 0.0.0.0: every interface)', nonEmpty('--host'))
    .option(
      '--config <serve.yaml>',
      'serve configuration (ROLLQ_SERVE_<SECTION>__<FIELD> variables override it, flags override both)',
      nonEmpty('--config'),
    )
    .option(
      '--token-file <file>',
      'file holding the admin bearer token (without it the /admin endpoints are off)',
      nonEmpty('--token-file'),
    )
    .action(async (o) => (await import('./serve-action.js')).serveAction(o));

  program
    .command('config')
    .description('configuration files')
    .command('check')
    .description('print the merged serve configuration (defaults, the file, ROLLQ_SERVE_ variables), or file:line:col errors')
    .argument('<file>', 'serve.yaml', nonEmpty('<file>'))
    .option('--port <n>', 'as rollq serve --port', tcpPort('--port'))
    .option('--host <address>', 'as rollq serve --host', nonEmpty('--host'))
    .action(async (file, o) => (await import('./serve-action.js')).configCheckAction(file, o));
}
