import { type ParseArgsConfig, parseArgs } from 'node:util';

/**
 * What the operator commands (`npm run agencies`, `npm run rebuild-site`) share: the errors an operator is
 * expected to meet, printed as one clear message without a stack trace, and their exit codes.
 */

/** Bad arguments or a bad input file: the message and a pointer to the usage text, exit 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** A failure the operator can act on (nothing to rebuild from, no credentials): the message only, exit 1. */
export class OperatorError extends Error {
  override readonly name = 'OperatorError';
}

export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

const CREDENTIAL_ERRORS = new Set([
  'CredentialsProviderError',
  'ExpiredToken',
  'ExpiredTokenException',
  'InvalidClientTokenId',
  'InvalidAccessKeyId',
  'SignatureDoesNotMatch',
  'UnrecognizedClientException',
  'TokenProviderError',
]);
const DENIED_ERRORS = new Set(['AccessDenied', 'AccessDeniedException', 'AllAccessDisabled']);

/**
 * The message for an AWS error an operator is expected to meet (no credentials or region, access denied,
 * no such table or bucket), or undefined for any other error.
 */
export function explainAwsError(
  error: unknown,
  target: { readonly table?: string; readonly bucket?: string } = {},
): string | undefined {
  if (!(error instanceof Error)) return undefined;
  const region = process.env.AWS_REGION || 'the region of the profile';
  if (error.message === 'Region is missing') {
    return 'No AWS region: set AWS_REGION (or a region in the configuration of AWS_PROFILE).';
  }
  if (CREDENTIAL_ERRORS.has(error.name)) {
    return (
      `No usable AWS credentials (${error.message}). Set AWS_PROFILE (after \`aws sso login\` for an SSO ` +
      'profile) or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY.'
    );
  }
  if (DENIED_ERRORS.has(error.name)) return `Access denied: ${error.message}`;
  if (error.name === 'ResourceNotFoundException') {
    const table = target.table === undefined ? 'The table' : `Table ${target.table}`;
    return `${table} was not found in ${region}: check the name (stack output TableName) and AWS_REGION. (${error.message})`;
  }
  if (error.name === 'NoSuchBucket') {
    const bucket = target.bucket === undefined ? 'The bucket' : `Bucket ${target.bucket}`;
    return `${bucket} does not exist: check the name (stack output SiteBucketName).`;
  }
  return undefined;
}

/**
 * Runs a command's main and exits: 0 when it returns, 2 for a UsageError (with `hint`), 1 with the message
 * alone for an expected error, 1 with the stack for anything else.
 */
export async function runCommand(
  name: string,
  main: () => Promise<void>,
  options: { readonly hint: string; readonly explain?: (error: unknown) => string | undefined },
): Promise<never> {
  try {
    await main();
    process.exit(0);
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(`${name}: ${error.message} (${options.hint})`);
      process.exit(EXIT_USAGE);
    }
    const expected = error instanceof OperatorError ? error.message : options.explain?.(error);
    if (expected !== undefined) console.error(`${name}: ${expected}`);
    else console.error(`${name} failed:`, error);
    process.exit(EXIT_FAILURE);
  }
}

/** Whether the arguments ask for the usage text (`--help` or `-h` anywhere, whatever else they hold). */
export function asksForHelp(argv: readonly string[] = process.argv.slice(2)): boolean {
  return argv.includes('--help') || argv.includes('-h');
}

/**
 * Every operator command's arguments, one way: `--help` (or `-h`) prints the usage on stdout and exits 0 before
 * anything runs; arguments parseArgs refuses (an unknown option, a missing value, a stray positional) print one
 * line on stderr and exit 2; otherwise what parseArgs returns, strict.
 */
export function parseCommandLine<T extends ParseArgsConfig>(
  name: string,
  usage: string,
  config: T,
  argv: readonly string[] = process.argv.slice(2),
): ReturnType<typeof parseArgs<T>> {
  if (asksForHelp(argv)) {
    process.stdout.write(`${usage.trimEnd()}\n`);
    process.exit(0);
  }
  try {
    return parseArgs<T>({ ...config, args: [...argv], strict: true });
  } catch (error) {
    // parseArgs' advice on positionals that start with '-' does not apply to these commands.
    const message = (error instanceof Error ? error.message : String(error))
      .split('\n')[0]
      ?.split('. To specify')[0];
    process.stderr.write(`${name}: ${message} (npm run ${name} -- --help)\n`);
    process.exit(EXIT_USAGE);
  }
}
