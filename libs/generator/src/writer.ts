/** Buffered file writing that honours stream backpressure, so huge files use flat memory. */
import { once } from 'node:events';
import { createWriteStream, type WriteStream } from 'node:fs';

const CHUNK_CHARS = 1 << 16;

export class ChunkedWriter {
  private readonly stream: WriteStream;
  private pending = '';
  private failure: Error | undefined;

  constructor(path: string) {
    this.stream = createWriteStream(path);
    // Recorded rather than thrown from the event, so it surfaces at the next await.
    this.stream.on('error', (err) => (this.failure = err));
  }

  /** Buffers a text row; true when the buffer is full and the caller should `await flush()`. */
  add(text: string): boolean {
    this.pending += text;
    return this.pending.length >= CHUNK_CHARS;
  }

  /** Writes raw bytes (after what is buffered), e.g. a row that is deliberately not UTF-8. */
  async addBytes(bytes: Buffer): Promise<void> {
    await this.flush();
    await this.write(bytes);
  }

  async flush(): Promise<void> {
    if (this.pending.length === 0) return;
    const chunk = this.pending;
    this.pending = '';
    await this.write(chunk);
  }

  async close(): Promise<void> {
    await this.flush();
    this.throwIfFailed();
    const closed = once(this.stream, 'close');
    this.stream.end();
    await closed;
    this.throwIfFailed();
  }

  /** Stops writing after a failure; the caller removes the partial file. */
  async abort(): Promise<void> {
    if (this.stream.closed) return;
    const closed = once(this.stream, 'close');
    this.stream.destroy();
    await closed.catch(() => undefined);
  }

  private async write(chunk: string | Buffer): Promise<void> {
    this.throwIfFailed();
    // `once` rejects if the stream errors while we wait for 'drain'.
    if (!this.stream.write(chunk)) await once(this.stream, 'drain');
  }

  private throwIfFailed(): void {
    if (this.failure) throw this.failure;
  }
}
