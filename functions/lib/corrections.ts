/** R9's composition root: the core ports plus the correction requests and their rate limiter. */
import { deps } from './dependencies.ts';
import { limiter, requests } from './ports/requests.ts';

export const correctionDeps = { ...deps, requests, limiter };
