/** The publisher's composition root: the core ports plus the site bucket and the transparency log. */
import type { PublisherDependencies } from '../../shared/app/publish.ts';
import { deps } from './dependencies.ts';
import { logger } from './observability.ts';
import { log } from './ports/log.ts';
import { site, siteConfig } from './ports/site.ts';

export const publisherDeps: PublisherDependencies = {
  ...deps,
  site,
  siteConfig,
  log,
  // R4 (ADR 0012): the decision and where and what the gate found, never the value.
  onPersonalDataBlocked: (id, findings) => {
    logger.error('not published: the publish gate found personal data', {
      id,
      findings: findings.map((f) => ({ key: f.key, kind: f.kind })),
    });
  },
};
