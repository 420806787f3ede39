import { randomUUID } from 'node:crypto';
import { awsError } from './aws-error';

export interface SnsMessage {
  MessageId: string;
  TopicArn: string;
  Subject?: string;
  Message: string;
}

/** The `sns:publish` integration, locally: messages are kept in order, in memory. */
export class LocalSns {
  readonly messages: SnsMessage[] = [];

  publish(input: { TopicArn?: string; Subject?: string; Message?: string }): { MessageId: string } {
    if (!input?.TopicArn) throw awsError('SNS.InvalidParameterException', 'TopicArn is required.');
    if (typeof input.Message !== 'string' || input.Message === '') throw awsError('SNS.InvalidParameterException', 'Message is required.');
    const message: SnsMessage = { MessageId: randomUUID(), TopicArn: input.TopicArn, Subject: input.Subject, Message: input.Message };
    this.messages.push(message);
    return { MessageId: message.MessageId };
  }
}
