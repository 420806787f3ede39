import { FileReasonCodes, RowReasonCodes } from './reason-codes';
import { nullMarkerList } from './rules';
import type { ColumnType, DataProductContract } from './types';

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
      return 'ISO date `YYYY-MM-DD`';
    case 'timestamp':
      return 'ISO-8601 timestamp, offset allowed (stored as UTC)';
    case 'boolean':
      return '`true`, `false`, `1` or `0`';
    case 'enum':
      return `one of ${type.values.map((v) => `\`${v}\``).join(', ')}`;
  }
}

const cell = (text: string) => text.replace(/\|/g, '\\|');

/** The contract as Markdown: one section per raw file. Generated into docs; a test keeps the doc in step. */
export function contractMarkdown(product: DataProductContract): string {
  const sections = product.entities.map((entity) => {
    const header = entity.columns.map((c) => c.header).join(',');
    const rows = entity.columns.map((c) => `| \`${c.header}\` | \`${c.name}\` | ${cell(describeType(c.type))} | ${c.required ? 'yes' : 'no'} | ${cell(c.description)} |`);
    const extras = [
      `Key: ${entity.key.map((k) => `\`${k}\``).join(' + ')}. Load mode: **${entity.loadMode}** (${entity.loadMode === 'append' ? 'a key loaded by an earlier batch is quarantined as `KEY_ALREADY_LOADED`' : 'a later batch replaces the attributes of a key'}).`,
      ...entity.references.map((r) => `References: \`${r.column}\` must exist in \`${r.entity}.${r.entityColumn}\` (else \`UNKNOWN_REFERENCE\`).`),
      ...entity.rules.map((r) => `Rule \`${r.name}\`: ${r.description} (\`${r.condition}\`, else \`BUSINESS_RULE\`).`),
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

export function reasonCodesMarkdown(): string {
  const table = (codes: Record<string, string>) => ['| code | meaning |', '|---|---|', ...Object.entries(codes).map(([code, meaning]) => `| \`${code}\` | ${cell(meaning)} |`)].join('\n');
  return `File level (ledger \`reason_code\`):\n\n${table(FileReasonCodes)}\n\nRow level (quarantine \`reason_code\`):\n\n${table(RowReasonCodes)}`;
}
