import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { type DeadlineSweepResult, deadlineSweep } from '../../shared/app/sweeps.ts';
import { correctionDeps } from '../lib/corrections.ts';
import { deps } from '../lib/dependencies.ts';
import { scheduled } from '../lib/handler.ts';
import { logger, metrics } from '../lib/observability.ts';
import { catalog } from '../lib/ports/catalog.ts';
import { inventories } from '../lib/ports/inventory.ts';

/**
 * R3, R5, R7, R8, R9, R10, R12: hourly. Nine metrics without a per-record dimension, so the series stay nine; the ids behind
 * the overdue counts go to the log, where an operator looks after the alarm.
 */
type Counts = Omit<
  DeadlineSweepResult,
  | 'overdueIds'
  | 'overdueTakedownIds'
  | 'overdueCorrectionRequestIds'
  | 'overdueCatalogItemIds'
  | 'exemptionReviewsDueIds'
  | 'unconfirmedWithdrawalIds'
  | 'overdueCorrectionReviewIds'
  | 'unsubmittedInventoryIds'
>;

export const handler = scheduled('deadline-sweep', async ({ now, deadlineMs }): Promise<Counts> => {
  const {
    overdueIds,
    overdueTakedownIds,
    overdueCorrectionRequestIds,
    overdueCatalogItemIds,
    exemptionReviewsDueIds,
    unconfirmedWithdrawalIds,
    overdueCorrectionReviewIds,
    unsubmittedInventoryIds,
    ...counts
  } = await deadlineSweep({ ...correctionDeps, catalog, inventory: { ...deps, inventories } }, now, {
    deadlineMs,
  });
  metrics.addMetric('OverdueDecisions', MetricUnit.Count, counts.overdue);
  metrics.addMetric('DecisionsDueSoon', MetricUnit.Count, counts.dueSoon);
  metrics.addMetric('OverdueTakedowns', MetricUnit.Count, counts.overdueTakedowns);
  metrics.addMetric('UnconfirmedWithdrawals', MetricUnit.Count, counts.unconfirmedWithdrawals);
  metrics.addMetric('OverdueCorrectionReviews', MetricUnit.Count, counts.overdueCorrectionReviews);
  metrics.addMetric('OverdueCorrectionRequests', MetricUnit.Count, counts.overdueCorrectionRequests);
  metrics.addMetric('OverdueCatalogItems', MetricUnit.Count, counts.overdueCatalogItems);
  metrics.addMetric('ExemptionReviewsDue', MetricUnit.Count, counts.exemptionReviewsDue);
  metrics.addMetric('UnsubmittedInventoried', MetricUnit.Count, counts.unsubmittedInventoried);
  // Out of time: the counts are lower bounds (an alarm on "at least one overdue" still fires correctly).
  if (!counts.complete) logger.warn('deadline sweep ran out of time; the counts are lower bounds', counts);
  if (overdueIds.length > 0) logger.warn('decisions past their publication deadline (R5)', { overdueIds });
  if (overdueTakedownIds.length > 0) {
    logger.warn('withdrawn decisions past their takedown deadline (R7)', { overdueTakedownIds });
  }
  if (unconfirmedWithdrawalIds.length > 0) {
    logger.warn('withdrawals not confirmed by a second reviewer in time (R8)', {
      unconfirmedWithdrawalIds,
    });
  }
  if (overdueCorrectionReviewIds.length > 0) {
    logger.warn('corrections of published decisions not reviewed the day they were submitted (R8)', {
      overdueCorrectionReviewIds,
    });
  }
  if (overdueCorrectionRequestIds.length > 0) {
    // Ids only: a request's contact never reaches a log line.
    logger.warn('correction requests past their answer deadline (R9)', { overdueCorrectionRequestIds });
  }
  if (overdueCatalogItemIds.length > 0) {
    logger.warn('catalogue items past their update deadline (R10)', { overdueCatalogItemIds });
  }
  if (exemptionReviewsDueIds.length > 0) {
    // The reminder: each agency finds its own decisions by id and looks again at the exemption (R3).
    logger.warn('exempt decisions whose review date has come (R3, 四平 §四(三)4)', {
      exemptionReviewsDueIds,
    });
  }
  if (unsubmittedInventoryIds.length > 0) {
    // Agency and period: the compliance report lists the case numbers behind them.
    logger.warn('inventoried decisions past their publication deadline, never submitted (R12, 选择性公示)', {
      unsubmittedInventoryIds,
    });
  }
  logger.info('deadline sweep', { time: now.toISOString(), ...counts });
  return counts;
});
