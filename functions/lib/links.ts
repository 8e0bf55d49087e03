/**
 * Where the public finds the platform: the site's address and the API's. The publisher renders the correction
 * form of every decision page with them (R9), and the API's own pages link back to the site.
 */

import type { SiteConfig } from '../../shared/site/types.ts';
import { readEnv, required } from './env.ts';

export const SITE_TITLE = '行政执法决定公示';

const withSlash = (url: string) => (url.endsWith('/') ? url : `${url}/`);

export function siteConfigOf(env: {
  readonly SITE_URL: string;
  readonly API_URL?: string | undefined;
}): SiteConfig {
  return {
    siteUrl: withSlash(env.SITE_URL),
    title: SITE_TITLE,
    correctionFormUrl: 'correction.html',
    ...(env.API_URL ? { apiUrl: withSlash(env.API_URL) } : {}),
  };
}

/** For the API's public pages: both addresses are required (a status URL needs the API's). */
export function publicLinks(): SiteConfig & { readonly apiUrl: string } {
  const env = readEnv({ SITE_URL: required(), API_URL: required() });
  return { ...siteConfigOf(env), apiUrl: withSlash(env.API_URL) };
}
