import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';

export const ROOT = path.resolve(__dirname, '..', '..');
export const PROJECT = 'finlake';
export const STACKS = ['dev', 'staging', 'prod'] as const;
export type StackName = (typeof STACKS)[number];

interface ProjectFile {
  name: string;
  runtime: unknown;
  main: string;
  config: Record<string, { type: string; description: string; default: unknown; items?: unknown }>;
}

export function readProjectFile(): ProjectFile {
  return parse(readFileSync(path.join(ROOT, 'Pulumi.yaml'), 'utf8'));
}

export function readStackFile(stack: StackName): { config: Record<string, unknown> } {
  return parse(readFileSync(path.join(ROOT, `Pulumi.${stack}.yaml`), 'utf8'));
}

/**
 * The configuration the Pulumi engine would give the program of `stack`: project defaults from
 * Pulumi.yaml overlaid with Pulumi.<stack>.yaml, as `namespace:key` → string (structured values
 * as JSON, as the engine passes them). There is no engine under mocks, so tests do this.
 */
export function engineConfig(stack: StackName): Record<string, string> {
  const project = readProjectFile();
  const out: Record<string, string> = {};
  const put = (key: string, value: unknown) => {
    out[key] = typeof value === 'string' ? value : JSON.stringify(value);
  };
  for (const [key, spec] of Object.entries(project.config)) put(`${project.name}:${key}`, spec.default);
  for (const [key, value] of Object.entries(readStackFile(stack).config ?? {})) put(key.includes(':') ? key : `${project.name}:${key}`, value);
  return out;
}
