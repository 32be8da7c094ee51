// `pnpm soak [--duration s] [--seed n] …`: runs a soak against the local PostgreSQL in a database
// of its own, prints the invariant table and the figures, exits 1 on any violation.
import { postgresAvailable } from '@unstuck/supabase-example';
import { parseArgs, USAGE } from './options';
import { formatReport, violationCount } from './report';
import { runSoak } from './run';
import { defaultExtensions } from './watchers';

async function main(): Promise<number> {
  if (process.argv.includes('--help')) {
    console.log(USAGE);
    return 0;
  }
  let options;
  try {
    options = parseArgs(process.argv.slice(2));
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    return 2;
  }
  if (!(await postgresAvailable())) {
    console.error('soak: no PostgreSQL at UNSTUCK_POSTGRES_URL or 127.0.0.1:5432');
    return 2;
  }
  // First Ctrl-C: stop submitting, then drain, check, report and drop the database as usual.
  const interrupt = new AbortController();
  process.once('SIGINT', () => {
    console.error('soak: interrupted, draining (Ctrl-C again to quit at once and leave the database behind)');
    interrupt.abort();
    process.once('SIGINT', () => process.exit(130));
  });
  const result = await runSoak(options, defaultExtensions(options), interrupt.signal);
  console.log(formatReport(result));
  return violationCount(result) === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
