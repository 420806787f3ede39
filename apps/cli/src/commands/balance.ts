import { balanceAsOf, parseAsOf } from '@finlake/products';
import type { GlobalOptions } from '../main';
import { bold, printJson, renderTable } from '../output';
import { withExistingWarehouse } from '../warehouse';

export interface BalanceOptions extends GlobalOptions {
  account: string;
  asOf: string;
  timeZone: string;
}

/** `finlake balance`: an account's balance at the end of a business day, or at an instant. */
export async function balanceCommand(options: BalanceOptions): Promise<void> {
  const asOf = parseAsOf(options.asOf, options.timeZone);
  await withExistingWarehouse(options, 'finlake balance', async (engine) => {
    const answer = await balanceAsOf(engine, options.account, asOf);
    if (options.json) return printJson(answer);
    if (answer.kind === 'instant') {
      process.stdout.write(`${bold(`Balance of ${answer.account_id} at ${answer.as_of}`)} (${answer.as_of_utc} UTC): ${answer.balance} ${answer.currency}\n`);
      process.stdout.write(`${renderTable([{ ...answer }], ['account_id', 'as_of_utc', 'balance', 'currency', 'txn_count', 'last_txn_at'])}\n`);
      return;
    }
    process.stdout.write(`${bold(`Balance of ${answer.account_id} at the end of ${answer.as_of}`)}: ${answer.closing_balance} ${answer.currency}${answer.note ? ` (${answer.note})` : ''}\n`);
    process.stdout.write(`${renderTable([{ ...answer }], ['account_id', 'as_of', 'opening_balance', 'net_change', 'closing_balance', 'currency', 'txn_count', 'is_carried_forward', 'end_balance_reported', 'reconciliation_diff'])}\n`);
  });
}
