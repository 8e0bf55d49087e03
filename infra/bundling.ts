/**
 * How every handler is bundled: minified ESM for Node 22 with the AWS SDK left to the Lambda runtime. Plain
 * esbuild options, no CDK: the function construct (infra/constructs/gongshi-function.ts) hands them to
 * NodejsFunction, and the benchmark (bench/bundles.ts) bundles with exactly the same ones.
 */

/** ESM needs `require` back for the few CommonJS dependencies that call it (Powertools' tracer). */
export const ESM_REQUIRE_BANNER =
  "import { createRequire as __gongshiCreateRequire } from 'node:module'; const require = __gongshiCreateRequire(import.meta.url);";

export const HANDLER_BUNDLING = {
  format: 'esm',
  minify: true,
  sourceMap: false,
  target: 'node22',
  mainFields: ['module', 'main'],
  // The runtime's SDK provides the clients and the DynamoDB document client; the presigner is bundled, as the
  // runtime is not documented to carry it.
  externalModules: ['@aws-sdk/client-*', '@aws-sdk/lib-dynamodb'],
  banner: ESM_REQUIRE_BANNER,
} as const;
