import { FileReasonCodes, RowReasonCodes } from './reason-codes';
import { nullMarkerList } from './rules';
import type { ColumnType, DataProductContract, ReferenceContract } from './types';

/** Human description of a column type, as the contract checks it. */
export function describeType(type: ColumnType): string {
  switch (type.kind) {
    case 'id':
      return `identifier (letters, digits, \`. _ : -\`; up to ${type.maxLength})`;
    case 'text':
      return `text (up to ${type.maxLength} characters)`;
    case 'integer':
      return `whole number ${type.min}…${type.max}`;
    case 'decimal':
      return `DECIMAL(${type.precision},${type.scale})${type.min !== undefined ? ` ≥ ${type.min}` : ''}${type.max !== undefined ? `, ≤ ${type.max}` : ''}`;
    case 'date':
      return type.future ? 'ISO date `YYYY-MM-DD`, may lie ahead' : 'ISO date `YYYY-MM-DD`';
    case 'timestamp':
      return 'ISO-8601 timestamp, offset allowed (stored as UTC)';
    case 'boolean':
      return '`true`, `false`, `1` or `0`';
    case 'month':
      return 'calendar month `YYYY-MM`';
    case 'enum':
      return `one of ${type.values.map((v) => `\`${v}\``).join(', ')}${type.reason ? ` (else \`${type.reason}\`)` : ''}`;
  }
}

const cell = (text: string) => text.replace(/\|/g, '\\|');

function referenceLine(r: ReferenceContract): string {
  const pairs = [`\`${r.column}\` → \`${r.entity}.${r.entityColumn}\``, ...(r.with ?? []).map((w) => `\`${w.expression}\` → \`${r.entity}.${w.entityColumn}\``)];
  const when = r.when ? ` when \`${r.when}\`` : '';
  const asOf = r.asOf ? `, in effect on \`${r.asOf.date}\` (a \`${r.entity}\` row with \`${r.asOf.entityColumn}\` on or before it)` : '';
  return `References${when}: ${pairs.join(' and ')} must exist${asOf} (else \`${r.reason ?? 'UNKNOWN_REFERENCE'}\`).`;
}

/** The contract as Markdown: one section per raw file. Generated into docs; a test keeps the doc in step. */
export function contractMarkdown(product: DataProductContract): string {
  const sections = product.entities.map((entity) => {
    const header = entity.columns.map((c) => c.header).join(',');
    const rows = entity.columns.map((c) => `| \`${c.header}\` | \`${c.name}\` | ${cell(describeType(c.type))} | ${c.required ? 'yes' : 'no'} | ${cell(c.description)}${c.default !== undefined ? ` Optional column: \`${cell(c.default)}\` when the file leaves it out.` : ''} |`);
    const extras = [
      `Key: ${entity.key.map((k) => `\`${k}\``).join(' + ')}. Load mode: **${entity.loadMode}** (${entity.loadMode === 'append' ? 'a key loaded by an earlier batch is quarantined as `KEY_ALREADY_LOADED`' : 'a later batch replaces the attributes of a key'}).`,
      ...(entity.duplicateKeyReason ? [`Rows of one file sharing a key are all quarantined as \`${entity.duplicateKeyReason}\`, identical copies too.`] : []),
      ...(entity.running ?? []).map((r) => `Running rule \`${r.name}\`: ${r.description} Per ${r.per.join(', ')} in ${r.order.join(', ')} order${r.when ? ` (rows where \`${r.when}\`)` : ''}, after every row: ${r.checks.map((c) => `\`${c.condition}\` (else \`${c.reason}\`)`).join(', ')}; a breach quarantines the file's row that caused it.`),
      ...(entity.keepOnConflict ? [`Rows of one file sharing a key but differing: the first by ${entity.keepOnConflict.orderBy.join(', ')} loads, the others are quarantined as \`${entity.keepOnConflict.reason}\` (identical copies load once).`] : []),
      ...entity.references.map(referenceLine),
      ...(entity.consistent ?? []).map((c) => `One ${c.columns.map((x) => `\`${x}\``).join(' + ')} per ${c.per.map((x) => `\`${x}\``).join(' + ')}, across every batch (a row that differs from the value loaded before, and every row of a group holding two values in one file: \`${c.reason}\`).`),
      ...entity.rules.map((r) => `${r.severity === 'warning' ? 'Warning' : 'Rule'} \`${r.name}\`: ${r.description} (\`${r.condition}\`, ${r.severity === 'warning' ? `else counted as \`${r.reason ?? r.name}\` by the gate; the row loads` : `else \`${r.reason ?? 'BUSINESS_RULE'}\``}).`),
    ];
    return [
      `### \`${entity.name}.csv\` — ${entity.description}`,
      '',
      `Grain: ${entity.grain}. Exact header:`,
      '',
      '```',
      header,
      '```',
      '',
      '| header | staged as | type | required | description |',
      '|---|---|---|---|---|',
      ...rows,
      '',
      ...extras.map((e) => `- ${e}`),
    ].join('\n');
  });
  return [
    `Dates must lie between ${product.earliestDate} and today (UTC) + ${product.maxFutureDays} day(s), else \`DATE_OUT_OF_RANGE\`.`,
    `Empty fields and the null markers ${nullMarkerList((m) => `\`${m}\``)} (in any letter case) count as missing.`,
    '',
    ...sections,
  ].join('\n');
}

const codeTable = (codes: Readonly<Record<string, string>>) => ['| code | meaning |', '|---|---|', ...Object.entries(codes).map(([code, meaning]) => `| \`${code}\` | ${cell(meaning)} |`)].join('\n');

export function reasonCodesMarkdown(): string {
  return `File level (ledger \`reason_code\`):\n\n${codeTable(FileReasonCodes)}\n\nRow level (quarantine \`reason_code\`):\n\n${codeTable(RowReasonCodes)}`;
}

/** A product's own reason codes and its parameters, for its docs page (empty when it has neither). */
export function productCodesMarkdown(product: DataProductContract): string {
  const parts: string[] = [];
  if (product.reasonCodes && Object.keys(product.reasonCodes).length) parts.push(`Reason codes of this product (besides the built-in ones):\n\n${codeTable(product.reasonCodes)}`);
  if (product.parameters?.length) {
    const rows = product.parameters.map((p) => `| \`${p.name}\` | ${p.default === '' ? '(empty)' : `\`${cell(p.default)}\``} | ${cell(p.description)} |`);
    parts.push(['Parameters (`finlake run <product> --param name=value`):', '', '| parameter | default | meaning |', '|---|---|---|', ...rows].join('\n'));
  }
  return parts.join('\n\n');
}
