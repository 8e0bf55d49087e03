/**
 * The single table, as data: the CDK stack and the local platform both build it from this, so the table
 * the handlers meet locally is the table they meet on AWS. docs/data-model.md explains the design.
 */
export interface IndexDefinition {
  readonly name: string;
  readonly partitionKey: string;
  readonly sortKey: string;
}

export const TABLE = {
  partitionKey: 'pk',
  sortKey: 'sk',
  indexes: [
    // The review queue and the per-status lists of an agency, newest first.
    { name: 'byAgencyStatus', partitionKey: 'gsi1pk', sortKey: 'gsi1sk' },
    // All decisions of an agency by decision date (lists filtered by date range).
    { name: 'byAgency', partitionKey: 'gsi2pk', sortKey: 'gsi2sk' },
    // Sparse: only decisions waiting to be published, keyed by their publication deadline (R5, partition
    // PUBLISH), withdrawn ones whose takedown is unconfirmed, by its deadline (R7, partition TAKEDOWN), and
    // open correction requests by their answer deadline (R9, partition ANSWER).
    { name: 'publishDue', partitionKey: 'publishDuePk', sortKey: 'publishDueSk' },
    // Sparse: only published decisions that come down automatically, keyed by their expiry date (R6).
    { name: 'expiryDue', partitionKey: 'expiryDuePk', sortKey: 'expiryDueSk' },
    // Sparse: only decisions in `publishing`, keyed by when they got there, so the reconcile sweep reads
    // just the stuck ones rather than every pending decision.
    { name: 'publishingSince', partitionKey: 'publishingPk', sortKey: 'publishingSk' },
    // Sparse: only audit events (of every kind of record), keyed by the day (China time) they were recorded on,
    // so the daily export (ADR 0022, R11) reads that day's events and nothing else.
    { name: 'auditByDay', partitionKey: 'auditDayPk', sortKey: 'auditDaySk' },
  ] satisfies readonly IndexDefinition[],
  /** Epoch seconds; only idempotency records and rate-limit counters (R9) carry it. */
  ttlAttribute: 'expiresAt',
  stream: 'NEW_AND_OLD_IMAGES',
} as const;
