/**
 * Names. Two kinds, kept apart (as awsx's subnetNaming does):
 * - the Pulumi resource name (the identity in state), always `${component}-${part}...`, so a
 *   second instance of a component never collides with the first;
 * - the physical AWS name, which must follow each service's character rules.
 */

/** Pulumi resource name of a child: the component name, then the parts, joined with `-`. */
export function childName(component: string, ...parts: (string | number)[]): string {
  return [component, ...parts.map(String)].filter((p) => p !== '').join('-');
}

/** Lowercase, `[a-z0-9-]`, no leading/trailing/double hyphens, at most `max` characters. */
export function physicalName(parts: string[], max = 63): string {
  const raw = parts
    .join('-')
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/-+/g, '-')
    .replace(/^-|-$/g, '');
  if (raw.length === 0) throw new Error(`Cannot build a name from ${JSON.stringify(parts)}: nothing left after removing invalid characters.`);
  return raw.length <= max ? raw : raw.slice(0, max).replace(/-$/, '');
}

/**
 * S3 bucket name: 3–63 chars of `[a-z0-9-]`. Bucket names are global, so the account id is part of
 * it (`bucketName('finlake-dev', 'raw', '123456789012')` → `finlake-dev-raw-123456789012`) unless the caller chooses otherwise.
 */
export function bucketName(prefix: string, purpose: string, accountId?: string): string {
  const name = physicalName([prefix, purpose, ...(accountId ? [accountId] : [])], 63);
  if (name.length < 3) throw new Error(`Bucket name "${name}" is shorter than 3 characters.`);
  return name;
}

/** Glue database/table style names: lowercase letters, digits and `_` only. */
export function glueName(...parts: string[]): string {
  return physicalName(parts, 255).replace(/-/g, '_');
}

/** Redshift cluster identifier: starts with a letter, `[a-z0-9-]`, at most 63 chars. */
export function clusterIdentifier(prefix: string): string {
  const id = physicalName([prefix, 'warehouse'], 63);
  if (!/^[a-z]/.test(id)) throw new Error(`Cluster identifier "${id}" must start with a letter: choose a project name that starts with one.`);
  return id;
}

/** Tags every resource carries. */
export function standardTags(project: string, stack: string, component: string): Record<string, string> {
  return { project, stack, component, 'managed-by': 'pulumi' };
}
