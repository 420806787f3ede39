/** Pure decisions of the Redshift warehouse. */

export interface WarehouseSizing {
  nodeType: string;
  numberOfNodes: number;
}

/** Node types AWS accepts for new clusters (DC2 is deprecated since April 2025). */
export const SUPPORTED_NODE_TYPES = ['ra3.large', 'ra3.xlplus', 'ra3.4xlarge', 'ra3.16xlarge'] as const;
/** Node types that need at least two nodes. */
export const MULTI_NODE_ONLY = new Set(['ra3.4xlarge', 'ra3.16xlarge']);

export function clusterShape(s: WarehouseSizing): { clusterType: 'single-node' | 'multi-node'; numberOfNodes?: number } {
  const problems: string[] = [];
  if (!(SUPPORTED_NODE_TYPES as readonly string[]).includes(s.nodeType)) problems.push(`nodeType "${s.nodeType}" is not one of ${SUPPORTED_NODE_TYPES.join(', ')}.`);
  if (!Number.isInteger(s.numberOfNodes) || s.numberOfNodes < 1 || s.numberOfNodes > 128) problems.push(`numberOfNodes is ${s.numberOfNodes}: a whole number from 1 to 128.`);
  if (MULTI_NODE_ONLY.has(s.nodeType) && s.numberOfNodes < 2) problems.push(`${s.nodeType} needs at least 2 nodes: raise numberOfNodes or choose ra3.large / ra3.xlplus.`);
  if (problems.length) throw new Error(`Invalid warehouse sizing:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  return s.numberOfNodes === 1 ? { clusterType: 'single-node' } : { clusterType: 'multi-node', numberOfNodes: s.numberOfNodes };
}

/** Cluster parameters: TLS only, and the user activity log actually populated (A4 of the notes). */
export const WAREHOUSE_PARAMETERS = [
  { name: 'require_ssl', value: 'true' },
  { name: 'enable_user_activity_logging', value: 'true' },
] as const;

/** The audit log types, exported to CloudWatch (S3 audit logs would need an SSE-S3 bucket). */
export const AUDIT_LOG_TYPES = ['connectionlog', 'useractivitylog', 'userlog'] as const;

/** Redshift creates its audit log groups under this name; we create them first, encrypted and with retention. */
export function auditLogGroupName(clusterIdentifier: string, logType: string): string {
  return `/aws/redshift/cluster/${clusterIdentifier}/${logType}`;
}

/** Deletion behaviour per stage: prod keeps a final snapshot and is protected, dev skips it. */
export function deletionPolicy(keepFinalSnapshot: boolean, clusterIdentifier: string, finalSnapshotSuffix: string) {
  return keepFinalSnapshot
    ? { skipFinalSnapshot: false, finalSnapshotIdentifier: `${clusterIdentifier}-final-${finalSnapshotSuffix}`, protect: true }
    : { skipFinalSnapshot: true, finalSnapshotIdentifier: undefined, protect: false };
}

export const REDSHIFT_PORT = 5439;
