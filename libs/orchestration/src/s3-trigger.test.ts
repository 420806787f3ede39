import { createHash } from 'node:crypto';
import { decodeS3Key, EXECUTION_NAME_MAX, EXECUTION_NAME_PATTERN, executionForObjectCreated, s3RuleInputTransformer, type S3ObjectCreatedEvent } from './s3-trigger';

const RAW = 'commerce/incoming/';
const options = { rawPrefix: RAW, bucketName: 'finlake-dev-raw' };

/** An S3 → EventBridge "Object Created" event as S3 sends it (fields from a real PutObject event). */
function event(key: string, object: Partial<S3ObjectCreatedEvent['detail']['object']> = {}, over: Partial<S3ObjectCreatedEvent> = {}): S3ObjectCreatedEvent {
  return {
    version: '0',
    id: '17793124-05d4-b198-2fde-7ededc63b103',
    'detail-type': 'Object Created',
    source: 'aws.s3',
    account: '123456789012',
    time: '2024-02-01T06:15:03Z',
    region: 'eu-west-1',
    resources: ['arn:aws:s3:::finlake-dev-raw'],
    detail: {
      version: '0',
      bucket: { name: 'finlake-dev-raw' },
      object: { key, size: 1843, etag: 'b1946ac92492d2347c6235b4d2611184', 'version-id': 'IYV3p45BT0ac8hjHg1houSdS1a.Mro8e', sequencer: '617f08299329d189', ...object },
      'request-id': 'N4N7GDK58NMKJ12R',
      requester: '123456789012',
      'source-ip-address': '203.0.113.15',
      reason: 'PutObject',
    },
    ...over,
  } as S3ObjectCreatedEvent;
}

const hash16 = (...identity: string[]) => createHash('sha256').update(identity.join('\n')).digest('hex').slice(0, 16);
const ETAG = 'b1946ac92492d2347c6235b4d2611184';

describe('executionForObjectCreated', () => {
  it.each([
    // [event key (as sent), batch prefix, name stem]
    ['commerce/incoming/transactions.csv', 'commerce/incoming/', 'transactions'],
    ['commerce/incoming/2024-02-01/transactions_2024-02-01.csv', 'commerce/incoming/2024-02-01/', '2024-02-01-transactions_2024-02-01'],
    ['commerce/incoming/eu/2024/02/01/cogs.CSV', 'commerce/incoming/eu/2024/02/01/', 'eu-2024-02-01-cogs'],
    // Spaces arrive as "+", other characters percent-encoded
    ['commerce/incoming/Feb+2024/marketing_spend+%28final%29.csv', 'commerce/incoming/Feb 2024/', 'Feb-2024-marketing_spend-final'],
    // A literal "+" arrives as %2B
    ['commerce/incoming/a%2Bb/products.csv', 'commerce/incoming/a+b/', 'a-b-products'],
    ['commerce/incoming/M%C3%A4rz/products.csv', 'commerce/incoming/März/', 'M-rz-products'],
    ['commerce/incoming/dt%3D2024-02-01/products.csv', 'commerce/incoming/dt=2024-02-01/', 'dt-2024-02-01-products'],
  ])('%s starts a run on batch %s', (key, batchPrefix, stem) => {
    const decision = executionForObjectCreated(event(key), options);
    expect(decision).toEqual({
      start: true,
      name: `${stem}-${hash16('finlake-dev-raw', decodeS3Key(key), ETAG)}`,
      input: { batchPrefix, trigger: { type: 's3', bucket: 'finlake-dev-raw', key, etag: ETAG, sequencer: '617f08299329d189', time: '2024-02-01T06:15:03Z' } },
    });
    if (decision.start) expect(decision.name).toMatch(EXECUTION_NAME_PATTERN);
  });

  it.each([
    ['commerce/incoming/2024-02-01/', 'is a folder marker'],
    ['commerce/incoming/_SUCCESS', 'is not a CSV file'],
    ['commerce/incoming/transactions.csv.tmp', 'is not a CSV file'],
    ['commerce/incoming/transactions.xlsx', 'is not a CSV file'],
    ['commerce/archive/transactions.csv', 'is outside commerce/incoming/'],
    // The prefix filter compares decoded keys: an encoded slash is still outside
    ['commerce%2Fincoming2/transactions.csv', 'is outside commerce/incoming/'],
  ])('%s is ignored (%s)', (key, reason) => {
    const decision = executionForObjectCreated(event(key), options);
    expect(decision.start).toBe(false);
    if (!decision.start) expect(decision.reason).toContain(reason);
  });

  it('ignores another bucket when the raw bucket is given', () => {
    const other = event('commerce/incoming/transactions.csv', {}, { detail: { ...event('x').detail, bucket: { name: 'someone-else' }, object: { key: 'commerce/incoming/transactions.csv', etag: ETAG } } });
    expect(executionForObjectCreated(other, options)).toEqual({ start: false, reason: 'bucket someone-else is not the raw bucket finlake-dev-raw' });
    expect(executionForObjectCreated(other, { rawPrefix: RAW }).start).toBe(true);
  });

  it.each([
    ['another source', event('commerce/incoming/t.csv', {}, { source: 'aws.ec2' }), 'source is "aws.ec2"'],
    ['a deletion', event('commerce/incoming/t.csv', {}, { 'detail-type': 'Object Deleted' }), 'detail-type is "Object Deleted"'],
    ['no key', event(''), 'detail.object.key is missing'],
    ['broken percent encoding', event('commerce/incoming/100%.csv'), 'is not valid URL encoding'],
    ['neither etag nor sequencer', event('commerce/incoming/t.csv', { etag: undefined, sequencer: undefined }), 'neither detail.object.etag nor detail.object.sequencer'],
  ])('rejects %s with a clear error', (_, e, message) => {
    expect(() => executionForObjectCreated(e, options)).toThrow(message);
  });

  it('lists every problem of a malformed event at once', () => {
    expect(() => executionForObjectCreated({ source: 'aws.s3' } as S3ObjectCreatedEvent, options)).toThrow(/detail-type[\s\S]*bucket\.name[\s\S]*object\.key[\s\S]*time/);
  });

  describe('execution names', () => {
    const name = (e: S3ObjectCreatedEvent, o = options) => {
      const d = executionForObjectCreated(e, o);
      if (!d.start) throw new Error(d.reason);
      return d.name;
    };
    const key = 'commerce/incoming/2024-02-01/transactions.csv';

    it('the same object always gets the same name: a redelivered event starts nothing new', () => {
      const redelivered = event(key, {}, { id: 'a-different-event-id', time: '2024-02-01T06:20:00Z' });
      expect(name(redelivered)).toBe(name(event(key)));
    });

    it('new bytes under the same key, the same key in another bucket, or another key get another name', () => {
      const base = name(event(key));
      expect(name(event(key, { etag: 'c4ca4238a0b923820dcc509a6f75849b' }))).not.toBe(base);
      expect(name(event('commerce/incoming/2024-02-02/transactions.csv'))).not.toBe(base);
      const otherBucket = event(key);
      otherBucket.detail.bucket.name = 'finlake-prod-raw';
      expect(name(otherBucket, { rawPrefix: RAW, bucketName: 'finlake-prod-raw' })).not.toBe(base);
    });

    it('falls back to the sequencer when the event has no etag', () => {
      const n = name(event(key, { etag: undefined }));
      expect(n).toBe(`2024-02-01-transactions-${hash16('finlake-dev-raw', key, '617f08299329d189')}`);
    });

    it.each([
      `commerce/incoming/${'very-long-folder-name/'.repeat(6)}transactions_with_a_long_name.csv`,
      `commerce/incoming/${'x'.repeat(300)}.csv`,
      'commerce/incoming/%E2%82%AC%E2%82%AC/.csv',
      'commerce/incoming/(1)/---.csv',
    ])('stays within 80 allowed characters: %s', (k) => {
      const n = name(event(k));
      expect(n).toMatch(EXECUTION_NAME_PATTERN);
      expect(n.length).toBeLessThanOrEqual(EXECUTION_NAME_MAX);
      expect(n).toMatch(/(^|[A-Za-z0-9_])-[0-9a-f]{16}$/);
    });
  });
});

describe('s3RuleInputTransformer', () => {
  /** What EventBridge does with an input transformer: look up each path, insert the values as JSON. */
  function transform(e: S3ObjectCreatedEvent): unknown {
    const { inputPaths, inputTemplate } = s3RuleInputTransformer();
    let text = inputTemplate;
    for (const [name, path] of Object.entries(inputPaths)) {
      const value = path
        .replace(/^\$\./, '')
        .split('.')
        .reduce<unknown>((v, k) => (v as Record<string, unknown>)?.[k], e);
      text = text.split(`<${name}>`).join(JSON.stringify(value ?? null));
    }
    return JSON.parse(text);
  }

  it('gives the same trigger record as executionForObjectCreated, without a batch prefix (the state machine defaults it)', () => {
    for (const key of ['commerce/incoming/transactions.csv', 'commerce/incoming/Feb+2024/marketing_spend+%28final%29.csv']) {
      const e = event(key);
      const decision = executionForObjectCreated(e, options);
      if (!decision.start) throw new Error(decision.reason);
      expect(transform(e)).toEqual({ trigger: decision.input.trigger });
    }
  });

  it('reads only paths that exist in an Object Created event', () => {
    for (const path of Object.values(s3RuleInputTransformer().inputPaths)) expect(path).toMatch(/^\$\.(time|detail\.(bucket\.name|object\.(key|etag|sequencer)))$/);
  });
});

describe('decodeS3Key', () => {
  it.each([
    ['a+b.csv', 'a b.csv'],
    ['a%2Bb.csv', 'a+b.csv'],
    ['a%20b.csv', 'a b.csv'],
    ['r%C3%A9sum%C3%A9.csv', 'résumé.csv'],
    ['plain/key.csv', 'plain/key.csv'],
  ])('%s → %s', (encoded, decoded) => expect(decodeS3Key(encoded)).toBe(decoded));
});
