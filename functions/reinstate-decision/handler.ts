import { withdrawalReviewHandler } from '../lib/withdrawal-review.ts';

// R8: a reviewer reinstates a decision withdrawn by mistake; it is published again.
export const handler = withdrawalReviewHandler('reinstate-decision', 'reinstate');
