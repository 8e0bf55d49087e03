/**
 * The cost model of shared/cost-model.ts fed with what the benchmark counted: the submit, approve and
 * publish steps of one decision's life are replaced by the DynamoDB request units, S3 requests and Lambda
 * time measured here; the other steps (lists, sweeps, scorecard, expiry, takedown) and the public views
 * (CloudFront) stay as the model counts them from the code.
 */
import {
  DEFAULT_COUNTS,
  estimateYearlyCost,
  LIFECYCLE_STEPS,
  type OperationCounts,
  type YearlyCost,
} from '../shared/cost-model.ts';
import { FUNCTION_NAMES } from '../shared/manifest.ts';

/** The measured part of a life: per decision, submit → approve → publish. */
export interface MeasuredLife {
  readonly dynamoWriteUnits: number;
  readonly dynamoReadUnits: number;
  readonly s3PutRequests: number;
  readonly s3GetRequests: number;
  readonly lambdaGbSeconds: number;
}

const MEASURED_STEPS = new Set(['submit', 'approve', 'publish']);

export function modelLife(): MeasuredLife {
  const steps = LIFECYCLE_STEPS.filter((s) => MEASURED_STEPS.has(s.step));
  const sum = (pick: (c: (typeof steps)[number]['counts']) => number) =>
    steps.reduce((t, s) => t + pick(s.counts), 0);
  return {
    dynamoWriteUnits: sum((c) => c.dynamoWriteUnits),
    dynamoReadUnits: sum((c) => c.dynamoReadUnits),
    s3PutRequests: sum((c) => c.s3PutRequests),
    s3GetRequests: sum((c) => c.s3GetRequests),
    lambdaGbSeconds: sum((c) => c.lambdaGbSeconds),
  };
}

export function measuredCounts(measured: MeasuredLife): OperationCounts {
  const model = modelLife();
  const swap = (key: keyof MeasuredLife) => DEFAULT_COUNTS[key] - model[key] + measured[key];
  return {
    ...DEFAULT_COUNTS,
    dynamoWriteUnits: swap('dynamoWriteUnits'),
    dynamoReadUnits: swap('dynamoReadUnits'),
    s3PutRequests: swap('s3PutRequests'),
    s3GetRequests: swap('s3GetRequests'),
    lambdaGbSeconds: swap('lambdaGbSeconds'),
  };
}

export const PUBLIC_VIEWS_PER_DECISION = 20;

export function yearlyCost(counts: OperationCounts, decisionsPerYear = 1_000_000): YearlyCost {
  return estimateYearlyCost(
    {
      decisionsPerYear,
      publicViewsPerDecision: PUBLIC_VIEWS_PER_DECISION,
      functionCount: FUNCTION_NAMES.length,
    },
    counts,
  );
}
