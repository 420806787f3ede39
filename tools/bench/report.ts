/** The human-readable report: one table of steps per size, the stage breakdown, the targets. */
import Table from 'cli-table3';
import { bytes, int, percent, ratio, rowsLabel, seconds } from './format';
import { byCategory, slowestStatements } from './stages';
import { targetSummary } from './targets';
import type { BenchResults, EngineRun, Measurement, SizeResult, TargetResult } from './types';

const colour = process.stdout.isTTY && !process.env.NO_COLOR;
const paint = (code: number) => (s: string) => (colour ? `\u001b[${code}m${s}\u001b[0m` : s);
const green = paint(32);
const red = paint(31);
const dim = paint(2);
const bold = paint(1);

function table(head: string[], align: ('left' | 'right')[]): Table.Table {
  return new Table({ head, colAligns: align, style: { head: [], border: [], compact: true } });
}

const cut = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

function passes(m: Measurement): string {
  const list = m.output?.passesMs;
  return Array.isArray(list) && list.length > 1 ? dim(` (median of ${list.length})`) : '';
}

function stepLabel(m: Measurement, size: SizeResult): string {
  const share = percent(size.data.increment.rows / size.rows).replace(/\.0%$/, '%');
  switch (m.step) {
    case 'hash':
      return `sha256 of the ${size.data.files.length} input files${passes(m)}`;
    case 'floor':
      return `floor: count(*) over read_csv${passes(m)}`;
    case 'full':
      return `${m.engine}: full pipeline, fresh db`;
    case 'incremental':
      return `${m.engine}: ${share} incremental batch`;
    case 'noop':
      return `${m.engine}: no-op re-run`;
  }
}

function resultText(m: Measurement): string {
  if (!m.ok) return red(`FAILED: ${cut((m.error ?? 'unknown error').split('\n')[0]!, 60)}`);
  const out = m.output ?? {};
  if (m.step === 'floor') return `${int(Number(out.rows))} rows counted`;
  if (m.step === 'hash') return `${bytes(m.bytes)} hashed`;
  return String(out.status ?? '');
}

function stepRow(m: Measurement, size: SizeResult): string[] {
  const floor = size.floor.ok && m.ok ? ratio(m.wallMs / size.floor.wallMs) : '—';
  const spread = m.samplesMs.length > 1 ? dim(` (${m.samplesMs.map((s) => seconds(s)).join('/')})`) : '';
  return [
    stepLabel(m, size),
    `${seconds(m.wallMs)}${spread}`,
    m.ok ? int(m.rowsPerSec) : '—',
    seconds(m.cpuMs),
    m.wallMs > 0 ? (m.cpuMs / m.wallMs).toFixed(2) : '—',
    m.serverPeakRssBytes === undefined ? bytes(m.peakRssBytes) : `${bytes(m.peakRssBytes)} + server ${bytes(m.serverPeakRssBytes)}`,
    floor,
    resultText(m),
  ];
}

function engineRows(run: EngineRun, size: SizeResult): string[][] {
  if (!run.available) return [[`${run.engine}`, '—', '—', '—', '—', '—', '—', dim(run.reason ?? 'not available')]];
  return [run.full, run.incremental, run.noop].flatMap((m) => (m ? [stepRow(m, size)] : []));
}

function stepsTable(size: SizeResult): string {
  const t = table(['step', 'time s', 'rows/s', 'CPU s', 'CPU/wall', 'peak RSS', '× floor', 'result'], ['left', 'right', 'right', 'right', 'right', 'right', 'right', 'left']);
  t.push(stepRow(size.hash, size), stepRow(size.floor, size));
  for (const run of size.engines) t.push(...engineRows(run, size));
  const failed = [size.hash, size.floor, ...size.engines.flatMap((e) => [e.full, e.incremental, e.noop])].filter((m): m is Measurement => m !== undefined && !m.ok);
  const failures = failed.map((m) => red(`${stepLabel(m, size)} failed:\n  ${(m.error ?? 'unknown error').split('\n').join('\n  ')}`));
  return [t.toString(), ...failures].join('\n');
}

/** Stage categories of the engine's three runs side by side, with the full run's share and SQL time. */
function stagesTable(run: EngineRun): string | undefined {
  const full = run.full?.stages;
  if (!full?.length) return undefined;
  const cats = byCategory(full);
  const inc = byCategory(run.incremental?.stages ?? []);
  const noop = byCategory(run.noop?.stages ?? []);
  const total = cats.reduce((n, c) => n + c.ms, 0);
  const msOf = (list: typeof cats, category: string) => {
    const c = list.find((x) => x.category === category);
    return c ? seconds(c.ms) : '';
  };
  const t = table(['stage', 'full s', 'full %', 'SQL s', 'stmts', 'incremental s', 'no-op s'], ['left', 'right', 'right', 'right', 'right', 'right', 'right']);
  const names = [...new Set([...cats, ...inc, ...noop].map((c) => c.category))];
  const ordered = [...cats.map((c) => c.category), ...names.filter((n) => !cats.some((c) => c.category === n))];
  for (const category of ordered) {
    const c = cats.find((x) => x.category === category);
    t.push([category, c ? seconds(c.ms) : '', c && total > 0 ? percent(c.ms / total) : '', c ? seconds(c.sqlMs) : '', c ? String(c.statements) : '', msOf(inc, category), msOf(noop, category)]);
  }
  return t.toString();
}

function topStages(run: EngineRun, count: number): string {
  const stages = [...(run.full?.stages ?? [])].sort((a, b) => b.ms - a.ms).slice(0, count);
  const statements = slowestStatements(run.full?.stages ?? [], count);
  const lines = [bold(`Largest stages of the full run (${run.engine}):`)];
  for (const s of stages) lines.push(`  ${seconds(s.ms).padStart(7)} s  ${s.name}`);
  lines.push(bold('Slowest statements of the full run:'));
  for (const q of statements) lines.push(`  ${seconds(q.ms).padStart(7)} s  [${q.stage}] ${cut(q.sql, 110)}`);
  return lines.join('\n');
}

function targetsTable(targets: TargetResult[]): string {
  const t = table(['target', 'rows', 'threshold', 'measured', 'result'], ['left', 'right', 'left', 'left', 'left']);
  for (const x of targets) {
    const status = x.status === 'PASS' ? green('PASS') : x.status === 'FAIL' ? red('FAIL') : dim(x.note ?? 'n/a');
    t.push([x.title, x.rows === undefined ? '' : rowsLabel(x.rows), x.threshold, x.measured, status]);
  }
  return t.toString();
}

export function renderReport(results: BenchResults): string {
  const { machine, settings } = results;
  const parts: string[] = [];
  parts.push(
    bold(`finlake benchmark — ${results.startedAt}`),
    `machine: ${machine.cpuModel}, ${machine.cores} cores, ${bytes(machine.memoryBytes)} RAM, ${machine.os}, node ${machine.node}${machine.duckdb ? `, DuckDB ${machine.duckdb}` : ''}`,
    `load average (1 min): ${machine.loadAverageStart.toFixed(2)} at start, ${machine.loadAverageEnd?.toFixed(2) ?? '?'} at end${settings.note ? ` — note: ${settings.note}` : ''}`,
    `settings: seed ${settings.seed}, DuckDB memory_limit ${settings.memoryLimit}, threads ${settings.threads ?? 'default (all cores)'}, repeat ${settings.repeat}, peak RSS from ${machine.peakRssTool}`,
  );
  for (const size of results.sizes) {
    const d = size.data;
    parts.push(
      '',
      bold(`${rowsLabel(size.rows)} rows`) +
        ` — ${d.largest.name} ${bytes(d.largest.bytes)}, all files ${bytes(d.files.reduce((n, f) => n + f.bytes, 0))}, increment ${int(d.increment.rows)} rows${d.cached ? ' (cached data)' : ` (generated in ${seconds(d.generateMs)} s)`}`,
      stepsTable(size),
    );
    for (const run of size.engines) {
      const stages = stagesTable(run);
      if (stages) parts.push(bold(`Stages (${run.engine}, ${rowsLabel(size.rows)} rows):`), stages, topStages(run, 5));
    }
  }
  parts.push('', bold(`Targets (${targetSummary(results.targets)}):`), targetsTable(results.targets));
  parts.push(dim('time = the work inside the measuring process (engine open → close), median of the repetitions; × floor = time / floor time of the same size and run.'));
  return parts.join('\n');
}
