// `vigil` — start the services, run the demo, validate / test rules, backtest with replay.
import { ConfigError } from '@vigil/core';
import { describeFailure } from '@vigil/runtime';
import { runDemo } from './commands/demo.js';
import { runReplay } from './commands/replay.js';
import { runRulesTest, runRulesValidate } from './commands/rules.js';
import { runStart } from './commands/start.js';

const USAGE = `usage: vigil <command> [options]

commands:
  start [--only ingest,correlator,api,outputs] [--config vigil.yaml]
                         run the services (all in one process by default)
  demo [--port 8080] [--config vigil.yaml]
                         the embedded demo: in-memory bus and store, bundled sample events (npm start)
  rules validate [dir]   check every rule file, list and setting (default dir: rules/)
  rules test [dir]       run every rule's cases and print a pass/fail table
  replay <file.ndjson> [--source okta|otlp|entra|crowdstrike|defender|ocsf|caep|signals] [--rules dir]
         [--max-decisions 50] [--json]
                         backtest the rules over recorded signals or raw events, on event time

environment: VIGIL_KAFKA_BROKERS, VIGIL_REDIS_URL, VIGIL_RULES_DIR, VIGIL_HTTP_PORT, VIGIL_SIGNING_KEY,
VIGIL_API_TOKENS, VIGIL_OUTPUTS, VIGIL_LOG_LEVEL (see README.md)`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command && (rest.includes('--help') || rest.includes('-h'))) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  switch (command) {
    case 'start':
      return runStart(rest);
    case 'demo':
      return runDemo(rest);
    case 'rules':
      if (rest[0] === 'validate') return runRulesValidate(rest.slice(1));
      if (rest[0] === 'test') return runRulesTest(rest.slice(1));
      process.stderr.write(`vigil rules: expected "validate" or "test"\n\n${USAGE}\n`);
      return 2;
    case 'replay':
      return runReplay(rest);
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      process.stdout.write(`${USAGE}\n`);
      return command === undefined ? 2 : 0;
    default:
      process.stderr.write(`vigil: unknown command "${command}"\n\n${USAGE}\n`);
      return 2;
  }
}

try {
  const code = await main(process.argv.slice(2));
  if (code !== 0 || !['start', 'demo'].includes(process.argv[2] ?? '')) process.exit(code);
} catch (err) {
  // A mistyped option (node:util parseArgs) is the caller's mistake, not a failure: one line and the usage.
  if (isUsageError(err)) {
    process.stderr.write(`vigil ${process.argv[2]}: ${err.message}\n\n${USAGE}\n`);
    process.exit(2);
  }
  process.stderr.write(`vigil: ${describeFailure(err)}\n`);
  process.exit(err instanceof ConfigError ? 2 : 1);
}

function isUsageError(err: unknown): err is Error {
  return err instanceof Error && String((err as { code?: unknown }).code).startsWith('ERR_PARSE_ARGS_');
}
