import { recordLawChange } from '../../shared/app/catalog.ts';
import { parseLawChangeInput } from '../../shared/http/catalog-schemas.ts';
import { json, jsonBody } from '../../shared/http/request.ts';
import { authenticated } from '../lib/authenticated.ts';
import { catalogDeps } from '../lib/catalog.ts';

// R10 (四平 §四(五)): every affected item must be updated within 20 working days of the effective date.
export const handler = authenticated('record-law-change', async ({ event, actor }) => {
  const { agency, ...input } = parseLawChangeInput(jsonBody(event));
  const recorded = await recordLawChange(catalogDeps, {
    actor,
    input: { ...input, ...(agency ? { agencyId: agency } : {}) },
  });
  return json(201, recorded);
});
