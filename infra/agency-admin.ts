/**
 * Keeping the agency directory from a file: what `npm run agencies` does on AWS or DynamoDB Local, and what
 * the local platform does with infra/local/agencies.json when it starts. One code path for both: the file is
 * read and checked by `parseAgencyFile` (with the directory's own `checkAgency`), then written by
 * `upsertAgencies`.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { checkAgency } from '../shared/adapters/dynamodb/agency-keys.ts';
import { canonicalJson } from '../shared/domain/canonical-json.ts';
import { SettingsError } from '../shared/domain/errors.ts';
import { type AgencySettings, DEFAULT_AGENCY_SETTINGS } from '../shared/domain/settings.ts';
import type { Agency, AgencyRegistry } from '../shared/ports.ts';
import { UsageError } from './cli.ts';
import { LOCAL_REGION } from './local/aws-config.ts';

export const AGENCIES_USAGE = `usage: npm run agencies -- --table NAME --file FILE [--list] [--endpoint URL]
       npm run agencies -- --table NAME --list [--endpoint URL]

Creates or updates the agencies of FILE in the Gongshi table NAME, and/or lists the agencies it holds.

  --table NAME     the table: stack output TableName of Gongshi-<stage>-data (required)
  --file FILE      JSON as infra/local/agencies.json:
                     {"agencies": [{"id": "siping-gxj", "name": "四平市工业和信息化局", "settings": {…}}]}
                   An agency not in the table is created, with the file's settings or the statutory
                   defaults. One in the table gets the file's name, and keeps its settings unless the file
                   gives them. Settings are checked as the API checks them (never looser than the law) and
                   hold every field: publishWithinWorkingDays, randomInspectionWithinWorkingDays,
                   correctionAnswerWorkingDays, expiry (agencyId may be left out). The whole file is checked
                   before anything is written.
  --list           print the table's agencies as JSON in the --file format (after writing FILE, if given):
                   \`npm run -s agencies -- --table NAME --list > agencies.json\` saves them
  --endpoint URL   DynamoDB Local rather than AWS, with its dummy credentials and region ${LOCAL_REGION}:
                   while \`npm start\` runs, the dynamoEndpoint in .data/platform.json, table gongshi
  -h, --help       this text

On AWS it uses the default credential chain (AWS_PROFILE, an SSO profile after \`aws sso login\`, or
AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY) and region (AWS_REGION, else the profile's). The credentials need
dynamodb:GetItem and dynamodb:PutItem on the table for --file, dynamodb:Scan for --list (agencies have no
index: it reads the whole table).
Exit status: 0 done; 1 failed (AWS refused, no credentials, …); 2 bad arguments or a bad file (nothing written).`;

export type AgenciesArgs =
  | { readonly help: true }
  | {
      readonly help: false;
      readonly table: string;
      readonly file?: string;
      readonly list: boolean;
      readonly endpoint?: string;
    };

/** `npm run agencies` arguments (without node and the script); throws UsageError. */
export function parseAgenciesArgs(argv: readonly string[]): AgenciesArgs {
  let values: { table?: string; file?: string; list?: boolean; endpoint?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        table: { type: 'string' },
        file: { type: 'string' },
        list: { type: 'boolean' },
        endpoint: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  if (values.help) return { help: true };
  const { table, file, endpoint, list = false } = values;
  if (table === undefined) {
    throw new UsageError('--table NAME is required (stack output TableName of Gongshi-<stage>-data)');
  }
  if (!/^[A-Za-z0-9_.-]{3,255}$/.test(table)) {
    throw new UsageError(`--table: ${JSON.stringify(table)} is not a DynamoDB table name`);
  }
  if (file === undefined && !list) {
    throw new UsageError('nothing to do: give --file FILE to write agencies, --list to print them, or both');
  }
  if (file === '') throw new UsageError('--file: no file name');
  if (endpoint !== undefined && !isHttpUrl(endpoint)) {
    throw new UsageError(`--endpoint: ${JSON.stringify(endpoint)} is not an http(s) URL`);
  }
  return {
    help: false,
    table,
    list,
    ...(file === undefined ? {} : { file }),
    ...(endpoint === undefined ? {} : { endpoint }),
  };
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

/** An agency as a file gives it: checked, settings only when the file gives them. */
export interface AgencyEntry {
  readonly id: string;
  readonly name: string;
  /** The agency's own 统一社会信用代码, checked. */
  readonly uscc?: string;
  readonly settings?: AgencySettings;
}

const FILE_MEMBERS = ['agencies', 'description'];
const ENTRY_MEMBERS = ['id', 'name', 'uscc', 'settings'];

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The agencies of a parsed file, each checked by the directory's `checkAgency` (settings never looser than
 * the law). Throws UsageError naming the file, the entry and the field for the first problem.
 */
export function parseAgencyFile(json: unknown, source: string): AgencyEntry[] {
  const bad = (message: string) => new UsageError(`${source}: ${message}`);
  if (!isRecord(json)) throw bad('must be a JSON object {"agencies": [{"id": …, "name": …}, …]}');
  for (const key of Object.keys(json)) {
    if (!FILE_MEMBERS.includes(key))
      throw bad(`unknown member "${key}" (a file has "agencies", "description")`);
  }
  if (!Array.isArray(json.agencies)) throw bad('"agencies" must be an array of {"id", "name", "settings"?}');
  const seen = new Set<string>();
  return json.agencies.map((entry: unknown, i): AgencyEntry => {
    const at = `agencies[${i}]`;
    if (!isRecord(entry)) throw bad(`${at}: must be an object with "id" and "name"`);
    for (const key of Object.keys(entry)) {
      // A mistyped "settings" would silently leave the stored (or statutory) settings in place.
      if (!ENTRY_MEMBERS.includes(key)) {
        throw bad(`${at}: unknown member "${key}" (an agency has "id", "name", "uscc", "settings")`);
      }
    }
    const { id, name, uscc, settings } = entry;
    if (typeof id !== 'string' || id === '') throw bad(`${at}.id: must be a non-empty string`);
    const where = `${at} (${id})`;
    if (typeof name !== 'string') throw bad(`${where}.name: must be a string`);
    if (uscc !== undefined && typeof uscc !== 'string') throw bad(`${where}.uscc: must be a string`);
    if (settings !== undefined && !isRecord(settings)) throw bad(`${where}.settings: must be an object`);
    if (seen.has(id)) throw bad(`${where}: agency ${id} is given twice`);
    seen.add(id);
    let checked: Agency;
    try {
      checked = checkAgency({
        id,
        name,
        ...(uscc !== undefined ? { uscc } : {}),
        // The agency's id is the settings' agencyId: the file need not repeat it (checkAgency refuses another).
        settings: (settings === undefined
          ? DEFAULT_AGENCY_SETTINGS(id)
          : { agencyId: id, ...settings }) as unknown as AgencySettings,
      });
    } catch (error) {
      if (!(error instanceof Error)) throw error;
      // SettingsError names its field within the settings; the others name theirs from the agency.
      throw bad(`${where}: ${error instanceof SettingsError ? 'settings.' : ''}${error.message}`);
    }
    const code = checked.uscc !== undefined ? { uscc: checked.uscc } : {};
    return settings === undefined ? { id, name, ...code } : { id, name, ...code, settings: checked.settings };
  });
}

/** The agencies of a JSON file; UsageError when it cannot be read, is not JSON, or does not check. */
export function readAgencyFile(path: string): AgencyEntry[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(`${path}: cannot read it (${code ?? String(error)})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${path}: not JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  return parseAgencyFile(json, path);
}

export type AgencyChange = 'created' | 'updated' | 'unchanged';

export interface AgencyUpsert {
  readonly agency: Agency;
  readonly change: AgencyChange;
  /** Where the agency's settings come from now. */
  readonly settings: 'file' | 'kept' | 'default';
}

/**
 * Creates or updates each agency: the entry's name always; the entry's settings when it gives them, else
 * the stored settings, else the statutory defaults. An agency already as the entry says is not written.
 * Between reading an agency and writing it, a settings change made elsewhere would be overwritten: this is
 * an operator's tool, run while nobody else changes the same agency.
 */
export async function upsertAgencies(
  registry: AgencyRegistry,
  entries: readonly AgencyEntry[],
): Promise<AgencyUpsert[]> {
  const results: AgencyUpsert[] = [];
  for (const entry of entries) {
    const current = await registry.find(entry.id);
    const settings = entry.settings ?? current?.settings ?? DEFAULT_AGENCY_SETTINGS(entry.id);
    // The file's code when it gives one, else the stored one.
    const uscc = entry.uscc ?? current?.uscc;
    const agency: Agency = {
      id: entry.id,
      name: entry.name,
      ...(uscc !== undefined ? { uscc } : {}),
      settings,
    };
    const change: AgencyChange =
      current === undefined
        ? 'created'
        : canonicalJson(current) === canonicalJson(agency)
          ? 'unchanged'
          : 'updated';
    if (change !== 'unchanged') await registry.putAgency(agency);
    const source = entry.settings ? 'file' : current ? 'kept' : 'default';
    results.push({ agency, change, settings: source });
  }
  return results;
}

export interface AgenciesOutput {
  /** The listing (data: stdout). */
  out(text: string): void;
  /** What was written (a report: stderr). */
  err(text: string): void;
}

/** `npm run agencies` once the file is read and the registry built: the file's agencies first, then the list. */
export async function runAgencies(
  plan: { readonly table: string; readonly entries?: readonly AgencyEntry[]; readonly list: boolean },
  registry: AgencyRegistry,
  output: AgenciesOutput,
): Promise<void> {
  if (plan.entries !== undefined) {
    const results = await upsertAgencies(registry, plan.entries);
    const width = Math.max(0, ...results.map((r) => r.agency.id.length));
    const note = { file: 'settings from the file', kept: 'settings kept', default: 'statutory settings' };
    for (const { agency, change, settings } of results) {
      output.err(`${change.padEnd(9)} ${agency.id.padEnd(width)}  ${agency.name}  (${note[settings]})`);
    }
    const count = (change: AgencyChange) => results.filter((r) => r.change === change).length;
    output.err(
      `${plan.table}: ${count('created')} created, ${count('updated')} updated, ${count('unchanged')} unchanged.`,
    );
  }
  if (plan.list) {
    const agencies = await registry.list();
    output.out(JSON.stringify({ agencies }, null, 2));
  }
}
