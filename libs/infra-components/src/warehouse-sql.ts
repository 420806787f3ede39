import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import { childName } from './naming';

export interface WarehouseSqlArgs {
  clusterIdentifier: pulumi.Input<string>;
  databaseName: string;
  /** The admin secret: what the statements run as (RLS policies need a superuser or sys:secadmin). */
  secretArn: pulumi.Input<string>;
  /** One Data API statement each, run in this order. */
  statements: readonly string[];
}

/**
 * SQL statements run once on the cluster through the Data API (a product's roles, grants and
 * row-level policies), each after the one before it. A changed statement is replaced and run
 * again, so the statements must be safe to repeat (the security rendering is).
 */
export class WarehouseSql extends pulumi.ComponentResource {
  public readonly statementCount: number;

  constructor(name: string, args: WarehouseSqlArgs, opts?: pulumi.ComponentResourceOptions) {
    super('finlake:infra:WarehouseSql', name, {}, opts);
    let previous: aws.redshiftdata.Statement | undefined;
    args.statements.forEach((sql, i) => {
      previous = new aws.redshiftdata.Statement(
        childName(name, String(i + 1).padStart(3, '0')),
        { clusterIdentifier: args.clusterIdentifier, database: args.databaseName, secretArn: args.secretArn, sql },
        { parent: this, dependsOn: previous ? [previous] : [] },
      );
    });
    this.statementCount = args.statements.length;
    this.registerOutputs({ statementCount: this.statementCount });
  }
}
