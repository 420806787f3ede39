/**
 * An error as a Step Functions Task sees it: Retry and Catch match on `name`, and the service
 * integrations name errors `<Service>.<Exception>` (e.g. `RedshiftData.ThrottlingException`).
 */
export function awsError(name: string, message: string): Error {
  const err = new Error(message);
  err.name = name;
  return err;
}
