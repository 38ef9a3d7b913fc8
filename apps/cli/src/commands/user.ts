import type { Command } from '@commander-js/extra-typings';
import { isoDay } from './option-parsers.js';

/**
 * Registers `rollq user`: Qlib's online UserManager over an online state folder. Each user has an account
 * (cash, positions), a strategy (TopK-dropout or target weights) and a signal of the state (the blend or one
 * strategy's); `routine` trades every user's account day by day on that signal with the exchange rules and
 * saves a report per user under `<state>/users/<id>/`.
 */
export function registerUser(program: Command): void {
  const user = program.command('user').description("users trading the online state's signal: accounts, daily routine, reports");

  user
    .command('add')
    .description('add a user with an account, a strategy and a signal (from a user.yaml); it trades from the day after --date')
    .argument('<id>', 'user id (letters, digits, _ or -)')
    .requiredOption('--state <dir>', 'online state folder (made by `rollq online init`)')
    .requiredOption('--config <user.yaml>', 'user config: account, strategy {class, kwargs}, signal, exchange')
    .option('--date <date>', 'the user starts trading the trading day after this one (default: the last signal day)', isoDay('--date'))
    .action(async (id, o) => (await import('./user-action.js')).userAdd(id, o));

  user
    .command('remove')
    .description('remove a user: its folder is archived under <state>/users/.archive/')
    .argument('<id>', 'user id')
    .requiredOption('--state <dir>', 'online state folder')
    .action(async (id, o) => (await import('./user-action.js')).userRemove(id, o));

  user
    .command('list')
    .description('the users with their account value, strategy, signal and last update')
    .requiredOption('--state <dir>', 'online state folder')
    .option('--json', 'print JSON')
    .action(async (o) => (await import('./user-action.js')).userList(o));

  user
    .command('routine')
    .description("trade every user's account day by day up to --date (default: the state's last signal day)")
    .requiredOption('--state <dir>', 'online state folder')
    .option('--date <date>', 'last day to trade (default: the last signal day)', isoDay('--date'))
    .action(async (o) => (await import('./user-action.js')).userRoutine(o));

  user
    .command('report')
    .description("print a user's account and risk metrics; write report.html (charts) and CSVs in its folder")
    .argument('<id>', 'user id')
    .requiredOption('--state <dir>', 'online state folder')
    .option('--json', 'print JSON')
    .action(async (id, o) => (await import('./user-action.js')).userReport(id, o));
}
