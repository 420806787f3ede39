/**
 * Writes the offline plan of every stack to infra/plan/<stack>.txt: the resource graph under
 * Pulumi mocks, sorted and readable, secrets redacted. Commit the files; a test fails when they
 * are stale, so every infrastructure change shows up as a reviewable diff.
 *
 *   npx tsx infra/plan.ts              # all stacks (one child process each: Pulumi's runtime state is global)
 *   npx tsx infra/plan.ts --stack dev  # one stack
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { captureStack } from './testing/capture';
import { renderPlan } from './testing/plan-render';
import { STACKS, StackName } from './testing/stack-config';

export const PLAN_DIR = path.join(__dirname, 'plan');
export const PLAN_COMMAND = 'npx tsx infra/plan.ts';
export const planFile = (stack: string) => path.join(PLAN_DIR, `${stack}.txt`);

async function writeOne(stack: StackName) {
  const captured = await captureStack(stack);
  if (captured.unmocked.length) throw new Error(`Unmocked invokes: ${captured.unmocked.join(', ')}`);
  mkdirSync(PLAN_DIR, { recursive: true });
  writeFileSync(planFile(stack), renderPlan(stack, captured.records));
  console.log(`wrote ${path.relative(process.cwd(), planFile(stack))} (${captured.records.length} resources)`);
}

async function main() {
  const i = process.argv.indexOf('--stack');
  if (i >= 0) {
    const stack = process.argv[i + 1] as StackName;
    if (!STACKS.includes(stack)) throw new Error(`Unknown stack "${stack}": one of ${STACKS.join(', ')}.`);
    await writeOne(stack);
    return;
  }
  for (const stack of STACKS) {
    const r = spawnSync(process.execPath, [...process.execArgv, __filename, '--stack', stack], { stdio: 'inherit' });
    if (r.status !== 0) throw new Error(`Writing the plan of ${stack} failed (exit ${r.status}).`);
  }
}

if (require.main === module) {
  main().catch((e: Error) => {
    console.error(e.message);
    process.exitCode = 1;
  });
}
