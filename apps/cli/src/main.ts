import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { ExitCode, FinlakeError, UsageError } from '@finlake/errors';
import { log, red, showWideTables } from './output';
import { allProducts, productNames } from '@finlake/products';
import { version } from '../package.json';
import { DEFAULT_DB } from './defaults';

/** Global options every command receives. */
export interface GlobalOptions {
  db: string;
  json: boolean;
  engine: 'duckdb' | 'postgres' | 'redshift';
  pgUrl?: string;
  /** Redshift target; each falls back to its FINLAKE_REDSHIFT_* variable (see @finlake/engine-redshift). */
  redshiftCluster?: string;
  redshiftWorkgroup?: string;
  redshiftDatabase?: string;
  redshiftSecretArn?: string;
}

export { DEFAULT_DB };

const positiveInt = (name: string) => (value: string) => {
  if (!/^\d+$/.test(value) || Number(value) <= 0) throw new InvalidArgumentError(`${name} must be a positive whole number.`);
  return Number(value);
};
const rate = (value: string) => {
  const n = Number(value);
  if (!/^\d*\.?\d+$/.test(value) || n < 0 || n > 1) throw new InvalidArgumentError('must be a number between 0 and 1 (0.05 = 5%).');
  return n;
};

/** `--param name=value`, repeatable: collected into one object. */
const parameter = (value: string, previous: Record<string, string> | undefined) => {
  const m = /^([a-z_][a-z0-9_]*)=(.*)$/.exec(value);
  if (!m) throw new InvalidArgumentError('--param takes name=value (e.g. closed_through=2024-02).');
  return { ...previous, [m[1]!]: m[2]! };
};

/**
 * The program: options and help only. Each action import()s its command module, so a command's
 * dependencies (DuckDB, pg, the AWS SDK, the report's charts) load only when that command runs.
 */
export function buildProgram(): Command {
  const program = new Command('finlake')
    .description('Validated, idempotent finance warehouse from raw files: run, re-run and inspect ETL jobs.')
    .option('--db <path>', 'warehouse database file (DuckDB engine)', DEFAULT_DB)
    .addOption(new Option('--engine <engine>', 'warehouse engine').choices(['duckdb', 'postgres', 'redshift']).default('duckdb'))
    .option('--pg-url <url>', 'PostgreSQL connection URL (postgres engine; default: the PG* environment variables)')
    .option('--redshift-cluster <id>', 'provisioned Redshift cluster identifier (redshift engine; env FINLAKE_REDSHIFT_CLUSTER; needs a secret)')
    .option('--redshift-workgroup <name>', 'Redshift Serverless workgroup (redshift engine; env FINLAKE_REDSHIFT_WORKGROUP)')
    .option('--redshift-database <name>', 'Redshift database (env FINLAKE_REDSHIFT_DATABASE)')
    .option('--redshift-secret-arn <arn>', 'Secrets Manager secret with username and password (env FINLAKE_REDSHIFT_SECRET_ARN)')
    .option('--json', 'machine-readable output on stdout', false)
    .option('--wide', 'print tables whole, however wide (default: as wide as the terminal, 100 columns without one)', false)
    .version(version, '-V, --version', 'print the version')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
  const globals = () => program.opts<GlobalOptions>();
  program.hook('preAction', () => showWideTables(Boolean(program.opts().wide)));
  // Help texts name the first registered product and its bundled samples.
  const known = productNames();
  const p = known[0]!;
  const sample = `data/raw/${p}`;

  program
    .command('run')
    .description('Ingest, validate, model, gate and publish a data product from a directory of raw files (on Redshift: from the batches the Glue job processed).')
    .argument('<product>', `data product: ${known.join(', ')}`)
    .option('--input <path>', `directory of raw CSV files (e.g. ${sample}; its subfolders are not read), or one file`)
    .option('--processed <location>', 'with --engine redshift: where the Glue job wrote the batches, <processed bucket>/<product>/')
    .option('--max-quarantine-rate <rate>', 'largest share of a file that may be quarantined before the publish is blocked', rate, 0.05)
    .option('--no-marts', 'do not print the marts or write the HTML report after a run')
    .option('--dry-run', 'print the plan (each file new/skipped/rejected, how each model is built, the gate checks) and write nothing', false)
    .option('--param <name=value>', "a product parameter (repeatable; e.g. --param closed_through=2024-02); each product's docs list its own", parameter, undefined)
    .addHelpText(
      'after',
      `\nExamples:\n  finlake run ${p} --input ${sample}\n  finlake run ${p} --input ${sample} --dry-run --json\n  finlake run ${p} --input ./backfill/2024-01 --max-quarantine-rate 0.01 --json\n  finlake --engine redshift run ${p} --processed s3://finlake-prod-processed-123456789012/${p}/`,
    )
    .action(async (product: string, opts) => (await import('./commands/run')).runCommand({ ...globals(), product, ...opts }));

  program
    .command('demo')
    .description(`Run every registered product over its bundled samples (data/raw/<product>: ${allProducts().filter((x) => x.samples).map((x) => x.name).join(', ')}), print the marts and write each report. What \`npm start\` runs.`)
    .option('--max-quarantine-rate <rate>', 'largest share of a file that may be quarantined before the publish is blocked', rate, 0.05)
    .option('--no-marts', 'do not print the marts or write the HTML reports')
    .action(async (opts) => (await import('./commands/run')).demoCommand({ ...globals(), ...opts }));

  const generate = program.command('generate').description('Write deterministic synthetic raw files for a data product.');
  for (const product of allProducts().filter((x) => x.generate)) {
    const rows = product.generatedRows ?? 'rows';
    generate
      .command(product.name)
      .description(`Generate ${product.title} files (${product.contract.entities.map((e) => e.name).join(', ')}).`)
      .option('--rows <n>', `number of ${rows}`, positiveInt('--rows'), 10000)
      .option('--seed <n>', 'random seed: the same seed gives the same files', (v) => {
        if (!/^\d+$/.test(v)) throw new InvalidArgumentError('--seed must be a whole number.');
        return Number(v);
      }, 42)
      .requiredOption('--out <dir>', 'output directory: new or empty (created when missing)')
      .option('--force', 'write into a directory that already holds files (files of the same names are replaced)', false)
      .option('--bad-rate <rate>', 'share of rows replaced by bad rows of every kind (0..1)', rate, 0)
      .addHelpText('after', `\nExample:\n  finlake generate ${product.name} --rows 1000000 --seed 7 --out /tmp/${product.name}-1m`)
      .action(async (opts) => (await import('./commands/generate')).generateCommand({ ...globals(), product: product.name, ...opts }));
  }

  program
    .command('parity')
    .description('Run the same input on two engines in scratch warehouses and compare every published table.')
    .argument('[product]', 'data product', p)
    .requiredOption('--input <dir>', 'directory of raw CSV files')
    .option('--engines <list>', 'the two engines to compare', 'duckdb,postgres')
    .option('--max-quarantine-rate <rate>', 'as for run', rate, 0.05)
    .addHelpText('after', `\nExample:\n  finlake parity --engines duckdb,postgres --input ${sample} --pg-url postgres://localhost/postgres\n\nPostgreSQL: a scratch database is created and dropped on the server (needs CREATEDB).`)
    .action(async (product: string, opts) => (await import('./commands/parity')).parityCommand({ ...globals(), product, ...opts }));

  program
    .command('balance')
    .description('An account\'s balance from the balances warehouse: at the end of a business day, or at an instant.')
    .requiredOption('--account <id>', 'the account (AccountID)')
    .requiredOption('--as-of <when>', 'a business day YYYY-MM-DD (the closing balance), or an instant YYYY-MM-DDTHH:MM[:SS] with an optional Z or ±HH:MM')
    .option('--time-zone <zone>', 'the IANA time zone of an instant given without an offset (use the business_time_zone the warehouse was built with)', 'UTC')
    .addHelpText('after', '\nExamples:\n  finlake balance --account ACC000001 --as-of 2024-02-06\n  finlake balance --account ACC000001 --as-of 2024-02-06T10:00 --time-zone America/New_York --json')
    .action(async (opts) => (await import('./commands/balance')).balanceCommand({ ...globals(), ...opts }));

  program
    .command('position')
    .description('A client\'s position in a product from the balances warehouse at the end of a business day: total, lien and available units per location.')
    .requiredOption('--client <id>', 'the client (ClientID)')
    .requiredOption('--product <code>', 'the product (ProductCode)')
    .requiredOption('--as-of <day>', 'a business day YYYY-MM-DD')
    .option('--location <code>', 'one location only (UNALLOCATED for units without one)')
    .addHelpText('after', '\nExamples:\n  finlake position --client C1 --product P --as-of 2024-01-04\n  finlake position --client C1 --product P --as-of 2024-01-04 --location WH1 --json')
    .action(async (opts) => (await import('./commands/position')).positionCommand({ ...globals(), ...opts }));

  program
    .command('status')
    .description('Show the ledger: every file seen, its batch id, status and row counts.')
    .option('--limit <n>', 'most recent entries to show', positiveInt('--limit'), 50)
    .action(async (opts) => (await import('./commands/status')).statusCommand({ ...globals(), ...opts }));

  program
    .command('quarantine')
    .description('List quarantined rows by reason, or export them to CSV.')
    .addArgument(new Command().createArgument('[action]', 'summary | list | export').choices(['summary', 'list', 'export']).default('summary'))
    .option('--batch <id>', 'only this batch (a prefix of the batch id is enough)')
    .option('--reason <code>', 'only this reason code')
    .option('--file <name>', 'only this file name')
    .option('--limit <n>', 'rows to list', positiveInt('--limit'), 50)
    .option('--out <file>', 'CSV file for export', 'reports/quarantine.csv')
    .addHelpText('after', '\nExamples:\n  finlake quarantine\n  finlake quarantine list --reason INVALID_NUMBER\n  finlake quarantine export --out bad-rows.csv')
    .action(async (action: string, opts) => (await import('./commands/quarantine')).quarantineCommand({ ...globals(), action, ...opts }));

  program
    .command('report')
    .description('Write the HTML report (key figures, charts, data quality) and print the marts as tables.')
    .argument('[product]', 'data product', p)
    .option('--out <file>', 'report file: self-contained HTML (.html), or Markdown tables (.md) (default: named after the warehouse: reports/<product>.html for the default --db, <db name>-<product>.html beside another)')
    .option('--open', 'open the report with the system opener (xdg-open, open, start) when there is one', false)
    .addHelpText('after', `\nExamples:\n  finlake report ${p} --open\n  finlake report ${p} --out /tmp/${p}.html\n  finlake report ${p} --out reports/${p}.md`)
    .action(async (product: string, opts) => (await import('./commands/report')).reportCommand({ ...globals(), product, out: opts.out, open: opts.open }));

  const security = program
    .command('security')
    .description('Roles, grants and row-level security of a product\'s warehouse, from its security manifest (PostgreSQL, Redshift; DuckDB is single-user).');
  const secured = allProducts().filter((x) => x.security).map((x) => x.name);
  const securityProduct = `data product with a security manifest${secured.length ? `: ${secured.join(', ')}` : ''}`;
  security
    .command('apply')
    .description('Create the roles, grants and row-level policies on the warehouse; applying again changes nothing.')
    .argument('<product>', securityProduct)
    .addHelpText('after', `\nExamples:\n  finlake --engine postgres --pg-url postgres://localhost/finance security apply ledger\n  finlake --engine redshift security apply ledger --json`)
    .action(async (product: string) => (await import('./commands/security')).securityApplyCommand({ ...globals(), product }));
  security
    .command('show')
    .description('Print the SQL `security apply` runs, for the chosen engine.')
    .argument('<product>', securityProduct)
    .addHelpText('after', `\nExamples:\n  finlake --engine postgres security show ledger\n  finlake --engine redshift security show ledger > ledger-security.sql`)
    .action(async (product: string) => (await import('./commands/security')).securityShowCommand({ ...globals(), product }));

  return program;
}

/** The one error boundary: typed errors become exit codes; anything else is unexpected (exit 1). */
export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
    return Number(process.exitCode ?? ExitCode.ok);
  } catch (err) {
    if (err instanceof CommanderError) {
      // --help and --version end here with exit code 0; usage mistakes with 2.
      return err.exitCode === 0 ? ExitCode.ok : ExitCode.usage;
    }
    if (err instanceof FinlakeError) {
      log(red(`finlake: ${err.message}`));
      return err.exitCode;
    }
    log(red(`finlake: unexpected failure: ${(err as Error).message}`));
    if (process.env.FINLAKE_DEBUG) log(String((err as Error).stack));
    else log('Set FINLAKE_DEBUG=1 for the stack trace.');
    return ExitCode.unexpected;
  }
}

/** Exit code of a run stopped by Ctrl-C (128 + SIGINT), as shells report it. */
const INTERRUPTED = 130;

/**
 * Ctrl-C: give the terminal its cursor back (the progress bar hides it), say what became of the
 * data and exit 130. The publish is one transaction, so a run stopped before it commits leaves
 * the published tables as they were.
 */
function onInterrupt(): void {
  if (process.stderr.isTTY) process.stderr.write('\x1b[?25h\n');
  log(red('finlake: interrupted. A run stopped before its publish committed leaves the published tables as they were; run the command again to finish.'));
  process.exit(INTERRUPTED);
}

/** Entry point for bin/finlake.js and `tsx apps/cli/src/main.ts`. */
export function runCli(): void {
  process.once('SIGINT', onInterrupt);
  // `finlake status | head`: the reader left; stop quietly instead of failing on the write.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(ExitCode.ok);
    throw err;
  });
  main(process.argv).then((code) => {
    process.exitCode = code;
  });
}

if (require.main === module) runCli();

export { UsageError };
