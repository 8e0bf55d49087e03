/**
 * How every handler is bundled: the one definition the CDK construct (constructs/gongshi-function.ts) hands to
 * NodejsFunction and the bundle report (bundle-report.ts) hands to esbuild, so what is measured is what ships.
 */
import type { BuildOptions } from 'esbuild';

// package.json's `sideEffects` names functions/ alone as doing anything when imported (composition roots register
// their hooks there): a shared module none of whose exports a handler uses is left out of its bundle, with all
// it imports (test/unit/architecture/import-effects.test.ts holds shared/ to declarations at its top level).

/** ESM needs `require` back for the few CommonJS dependencies that call it. */
const ESM_REQUIRE_BANNER =
  "import { createRequire as __gongshiCreateRequire } from 'node:module'; const require = __gongshiCreateRequire(import.meta.url);";

export const BUNDLING = {
  format: 'esm',
  minify: true,
  sourceMap: false,
  target: 'node22',
  mainFields: ['module', 'main'],
  // The runtime's SDK provides the clients. The presigner is bundled, as the runtime is not documented to carry
  // it, and so is @aws-sdk/util-dynamodb: 5 KB bundled, where loading it from the runtime costs a cold start
  // about 30 ms of CPU resolving and loading the package.
  externalModules: ['@aws-sdk/client-*'],
  banner: ESM_REQUIRE_BANNER,
  // Chinese text as UTF-8 (3 bytes a character) rather than \uXXXX escapes (6): the site's pages, the calendar,
  // the messages. NodejsFunction's own `charset` option is not passed on to esbuild by this CDK version.
  esbuildArgs: { '--charset': 'utf8' },
} as const;

/** The same options in esbuild's own terms (NodejsFunction adds `bundle` and `platform: node` itself). */
export const ESBUILD_OPTIONS: Readonly<BuildOptions> = {
  bundle: true,
  platform: 'node',
  format: BUNDLING.format,
  minify: BUNDLING.minify,
  sourcemap: BUNDLING.sourceMap,
  target: BUNDLING.target,
  mainFields: [...BUNDLING.mainFields],
  external: [...BUNDLING.externalModules],
  banner: { js: BUNDLING.banner },
  charset: BUNDLING.esbuildArgs['--charset'],
};
