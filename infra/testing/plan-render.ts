import type { Rec } from './mocks';

/** Inputs whose values never appear in the plan. */
export const SECRET_KEY = /password(?!SecretKmsKeyId)|secretString|privateKey|token/i;
/** Inputs left out as noise: identical on every resource or not an input a reviewer acts on. */
const SKIPPED = new Set(['tags', 'tagsAll', '__defaults']);

function renderValue(v: unknown, indent: string): string {
  if (typeof v === 'string') {
    const t = v.trim();
    if ((t.startsWith('{') && t.endsWith('}')) || (t.startsWith('[') && t.endsWith(']'))) {
      try {
        return `(json)\n${JSON.stringify(JSON.parse(t), null, 2)
          .split('\n')
          .map((l) => `${indent}  ${l}`)
          .join('\n')}`;
      } catch {
        /* not JSON: fall through */
      }
    }
  }
  return JSON.stringify(v);
}

function redact(key: string, v: unknown): unknown {
  if (SECRET_KEY.test(key) && (typeof v === 'string' || typeof v === 'number')) return '[redacted]';
  if (v && typeof v === 'object' && !Array.isArray(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, redact(k, x)]));
  if (Array.isArray(v)) return v.map((x) => redact('', x));
  return v;
}

/**
 * The offline plan of one stack: a header with counts per type, then every resource sorted by
 * type and name, with its parent, options and inputs (secrets redacted, JSON documents indented).
 */
export function renderPlan(stack: string, records: Rec[]): string {
  const sorted = [...records].sort((a, b) => (a.type === b.type ? a.name.localeCompare(b.name) : a.type.localeCompare(b.type)));
  const counts = new Map<string, number>();
  for (const r of sorted) counts.set(r.type, (counts.get(r.type) ?? 0) + 1);
  const lines = [
    `# Offline plan of stack "${stack}" — generated under Pulumi mocks by \`npx tsx infra/plan.ts\`; do not edit.`,
    `# ${sorted.length} resources (${sorted.filter((r) => r.custom).length} AWS resources, ${sorted.filter((r) => !r.custom).length} components)`,
    '',
    '## counts',
    ...[...counts].map(([t, n]) => `${String(n).padStart(4)}  ${t}`),
    '',
    '## resources',
  ];
  for (const r of sorted) {
    lines.push('', `${r.type} :: ${r.name}`);
    if (r.parent) lines.push(`  parent: ${r.parent}`);
    const flags = [r.protect ? 'protect' : '', r.retainOnDelete ? 'retainOnDelete' : '', r.deleteBeforeReplace ? 'deleteBeforeReplace' : '', r.aliases?.length ? `aliases ${r.aliases.join(' ')}` : ''].filter(Boolean);
    if (flags.length) lines.push(`  options: ${flags.join(', ')}`);
    if (r.dependsOn?.length) lines.push(`  dependsOn: ${r.dependsOn.join(' ')}`);
    for (const k of Object.keys(r.inputs).sort()) {
      if (SKIPPED.has(k)) continue;
      lines.push(`  ${k}: ${renderValue(redact(k, r.inputs[k]), '  ')}`);
    }
  }
  return `${lines.join('\n')}\n`;
}
