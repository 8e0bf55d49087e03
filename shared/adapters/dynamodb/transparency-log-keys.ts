/**
 * How the transparency log (ADR 0007) lies in the single table: its head, its entries by chunk, the markers that
 * make each public event of a decision loggable once, and its signed checkpoints; how each is checked when read.
 * docs/data-model.md explains the design.
 */
import {
  chunkOf,
  EMPTY_LOG,
  type LogEntry,
  type LogHead,
  logMarker,
  type SignedCheckpoint,
} from '../../domain/transparency-log.ts';
import type { TreeState } from '../../ports.ts';
import { DECISION_PREFIX } from './decision-keys.ts';
import { CorruptItemError, type Item, isRecord, type Key, keyOf, pad, segment } from './table-keys.ts';

export const LOG_PREFIX = 'LOG#';
export const LOG_HEAD_PARTITION = `${LOG_PREFIX}HEAD`;
export const LOG_HEAD_SK = 'HEAD';
export const LOG_CHUNK_PREFIX = `${LOG_PREFIX}CHUNK#`;
export const LOG_ENTRY_PREFIX = 'ENTRY#';
/** `LOG#DEC#`: the markers of a decision. */
export const LOG_MARKER_PREFIX = `${LOG_PREFIX}${DECISION_PREFIX}`;
export const LOG_CHECKPOINT_PARTITION = `${LOG_PREFIX}CHECKPOINT`;
/** ADR 0021: `LOG#TREE` / `TREE`, the Merkle tree's state as of the last tiled checkpoint. */
export const LOG_TREE_PARTITION = `${LOG_PREFIX}TREE`;

/**
 * `LOG#HEAD` / `HEAD` holds the head (size, hash of the last entry): every append moves it conditionally on the
 * size it read. Entries sit in one partition per chunk of the site's log (`LOG#CHUNK#<chunk>` / `ENTRY#<seq>`),
 * so the publisher reads what a chunk lacks in one Query. `LOG#DEC#<id>` / marker makes each public event of a
 * decision loggable once. Checkpoints are `LOG#CHECKPOINT` / `<size>`.
 */
export const logKeys = {
  head: (): Key => ({ pk: LOG_HEAD_PARTITION, sk: LOG_HEAD_SK }),
  chunkPartition: (chunk: number): string => `${LOG_CHUNK_PREFIX}${pad(chunk, 6, 'log chunk')}`,
  entrySortKey: (seq: number): string => `${LOG_ENTRY_PREFIX}${pad(seq, 12, 'log sequence number')}`,
  entry: (seq: number): Key => ({
    pk: logKeys.chunkPartition(chunkOf(seq)),
    sk: logKeys.entrySortKey(seq),
  }),
  marker: (decisionId: string, marker: string): Key => ({
    pk: `${LOG_MARKER_PREFIX}${segment(decisionId, 'decision id')}`,
    sk: marker,
  }),
  tree: (): Key => ({ pk: LOG_TREE_PARTITION, sk: 'TREE' }),
  checkpointPartition: LOG_CHECKPOINT_PARTITION,
  checkpoint: (size: number): Key => ({
    pk: logKeys.checkpointPartition,
    sk: pad(size, 12, 'checkpoint size'),
  }),
} as const;

export function logHeadItem(entry: LogEntry): Item {
  return { ...logKeys.head(), type: 'log_head', size: entry.seq, headHash: entry.hash, time: entry.time };
}

export function logEntryItem(entry: LogEntry): Item {
  return { ...logKeys.entry(entry.seq), type: 'log_entry', seq: entry.seq, entry };
}

export function logMarkerItem(entry: LogEntry): Item {
  return {
    ...logKeys.marker(entry.decisionId, logMarker(entry)),
    type: 'log_marker',
    decisionId: entry.decisionId,
    seq: entry.seq,
  };
}

export function logCheckpointItem(checkpoint: SignedCheckpoint): Item {
  return {
    ...logKeys.checkpoint(checkpoint.size),
    type: 'log_checkpoint',
    size: checkpoint.size,
    checkpoint,
  };
}

export function logHeadFromItem(item: Item | undefined): LogHead {
  if (!item) return EMPTY_LOG;
  const { size, headHash, time } = item;
  if (item.type !== 'log_head' || typeof size !== 'number' || typeof headHash !== 'string') {
    throw new CorruptItemError(keyOf(item), 'not a log head');
  }
  return { size, headHash, ...(typeof time === 'string' ? { time } : {}) };
}

export function logEntryFromItem(item: Item): LogEntry {
  const entry = item.entry;
  if (
    item.type !== 'log_entry' ||
    !isRecord(entry) ||
    entry.seq !== item.seq ||
    typeof entry.hash !== 'string' ||
    typeof entry.prevHash !== 'string' ||
    typeof entry.decisionId !== 'string'
  ) {
    throw new CorruptItemError(keyOf(item), 'not a log entry');
  }
  // DynamoDB keeps a null as NULL: the entry comes back as it was hashed.
  return entry as unknown as LogEntry;
}

export function logMarkerSeq(item: Item): number {
  if (item.type !== 'log_marker' || typeof item.seq !== 'number') {
    throw new CorruptItemError(keyOf(item), 'not a log marker');
  }
  return item.seq;
}

export function checkpointFromItem(item: Item): SignedCheckpoint {
  const checkpoint = item.checkpoint;
  if (item.type !== 'log_checkpoint' || !isRecord(checkpoint) || checkpoint.size !== item.size) {
    throw new CorruptItemError(keyOf(item), 'not a log checkpoint');
  }
  return checkpoint as unknown as SignedCheckpoint;
}

export function logTreeItem(state: TreeState): Item {
  return { ...logKeys.tree(), type: 'log_tree', size: state.size, state };
}

export function logTreeFromItem(item: Item): TreeState {
  const state = item.state;
  if (
    item.type !== 'log_tree' ||
    !isRecord(state) ||
    state.size !== item.size ||
    typeof state.root !== 'string' ||
    typeof state.checkpoint !== 'string' ||
    !isRecord(state.upper)
  ) {
    throw new CorruptItemError(keyOf(item), 'not a log tree state');
  }
  return state as unknown as TreeState;
}
