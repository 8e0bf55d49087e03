/** R9's composition root: the core ports plus the correction requests and their rate limiter. */
import { deps } from './dependencies.ts';
import { challenges, limiter, requests } from './ports/requests.ts';

export const correctionDeps = { ...deps, requests, limiter, challenges };
