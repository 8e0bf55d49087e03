/**
 * TransparencyLogStore in memory, for use-case tests: the same sequencing (an append commits against the head it
 * read, or tries again), the same one-entry-per-marker rule, and copies in and out as a DynamoDB round trip.
 */
import {
  appendLogEntry,
  chunkRange,
  EMPTY_LOG,
  headOfEntry,
  type LogDraft,
  type LogEntry,
  type LogHead,
  logMarker,
  type SignedCheckpoint,
} from '../../domain/transparency-log.ts';
import type { LogAppendResult, TransparencyLogStore, TreeState } from '../../ports.ts';
import { plainCopy } from '../dynamodb/table-keys.ts';

export class MemoryTransparencyLog implements TransparencyLogStore {
  readonly #entries: LogEntry[] = [];
  readonly #markers = new Map<string, number>();
  readonly #checkpoints = new Map<number, SignedCheckpoint>();

  async head(): Promise<LogHead> {
    return this.#head();
  }

  #head(): LogHead {
    const last = this.#entries.at(-1);
    return last ? headOfEntry(last) : EMPTY_LOG;
  }

  async append(draft: LogDraft): Promise<LogAppendResult> {
    const marker = `${draft.decisionId}/${logMarker(draft)}`;
    const seq = this.#markers.get(marker);
    if (seq !== undefined) return { entry: plainCopy(this.#entries[seq - 1] as LogEntry), appended: false };
    // Read and write without an await between them: the conditional head write of DynamoDB, in one step.
    const entry = plainCopy(appendLogEntry(this.#head(), draft));
    this.#entries.push(entry);
    this.#markers.set(marker, entry.seq);
    return { entry: plainCopy(entry), appended: true };
  }

  async logged(
    draft: Pick<LogDraft, 'decisionId' | 'action' | 'revision' | 'reinstatement' | 'correction' | 'after'>,
  ): Promise<LogEntry | undefined> {
    const seq = this.#markers.get(`${draft.decisionId}/${logMarker(draft)}`);
    return seq === undefined ? undefined : plainCopy(this.#entries[seq - 1]);
  }

  async latestOf(decisionId: string): Promise<LogEntry | undefined> {
    const prefix = `${decisionId}/`;
    const seqs = [...this.#markers].filter(([marker]) => marker.startsWith(prefix)).map(([, seq]) => seq);
    const seq = Math.max(0, ...seqs);
    return seq === 0 ? undefined : plainCopy(this.#entries[seq - 1]);
  }

  async entriesOf(decisionId: string): Promise<readonly LogEntry[]> {
    const prefix = `${decisionId}/`;
    const seqs = [...this.#markers].filter(([marker]) => marker.startsWith(prefix)).map(([, seq]) => seq);
    return seqs.sort((a, b) => a - b).map((seq) => plainCopy(this.#entries[seq - 1] as LogEntry));
  }

  async entries(chunk: number, from?: number, to?: number): Promise<readonly LogEntry[]> {
    const range = chunkRange(chunk, from, to);
    return range ? plainCopy(this.#entries.slice(range.fromSeq - 1, range.toSeq)) : [];
  }

  #tree: TreeState | undefined;

  async tree(): Promise<TreeState | undefined> {
    return this.#tree === undefined ? undefined : plainCopy(this.#tree);
  }

  async putTree(state: TreeState, from: number | undefined): Promise<boolean> {
    if (this.#tree?.size !== from) return false;
    this.#tree = plainCopy(state);
    return true;
  }

  async latestCheckpoint(): Promise<SignedCheckpoint | undefined> {
    const sizes = [...this.#checkpoints.keys()].sort((a, b) => a - b);
    const last = sizes.at(-1);
    return last === undefined ? undefined : plainCopy(this.#checkpoints.get(last));
  }

  async putCheckpoint(checkpoint: SignedCheckpoint): Promise<SignedCheckpoint> {
    const stored = this.#checkpoints.get(checkpoint.size);
    if (stored) return plainCopy(stored);
    this.#checkpoints.set(checkpoint.size, plainCopy(checkpoint));
    return plainCopy(checkpoint);
  }

  async *checkpoints(): AsyncIterable<SignedCheckpoint> {
    const sizes = [...this.#checkpoints.keys()].sort((a, b) => a - b);
    for (const size of sizes) yield plainCopy(this.#checkpoints.get(size) as SignedCheckpoint);
  }
}
