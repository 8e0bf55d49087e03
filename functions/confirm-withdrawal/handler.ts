import { withdrawalReviewHandler } from '../lib/withdrawal-review.ts';

// R8: four eyes on a withdrawal made by one person: a reviewer other than the withdrawer confirms it.
export const handler = withdrawalReviewHandler('confirm-withdrawal', 'confirm');
