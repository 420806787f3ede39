import { productNames } from '@finlake/products';
import { ledger, runs } from '@finlake/pipeline';
import type { GlobalOptions } from '../main';
import { bold, printJson, renderTable } from '../output';
import { cliCommand, withExistingWarehouse } from '../warehouse';

export async function statusCommand(options: GlobalOptions & { limit: number }): Promise<void> {
  await withExistingWarehouse(options, 'finlake status', async (engine) => {
    const entries = await ledger(engine, options.limit);
    const recentRuns = await runs(engine, 10);
    if (options.json) return printJson({ ledger: entries, runs: recentRuns });
    if (entries.length === 0) {
      process.stdout.write(`The ledger is empty: no run yet. Start with \`${cliCommand(options, `run ${productNames()[0]} --input data/raw/${productNames()[0]}`)}\`.\n`);
      return;
    }
    process.stdout.write(`${bold('Ledger')} (newest first)\n${renderTable(entries, ['ledger_id', 'file_name', 'status', 'rows_read', 'rows_loaded', 'rows_quarantined', 'batch_id', 'reason_code', 'started_at', 'duration_ms', 'entity'])}\n`);
    process.stdout.write(`\n${bold('Runs')}\n${renderTable(recentRuns, ['run_id', 'product', 'status', 'started_at', 'finished_at'])}\n`);
  });
}
