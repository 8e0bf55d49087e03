/**
 * A handler's configuration from its environment, read once at module load: a missing, empty or malformed
 * variable fails the cold start loudly, naming every problem. The environment is strings only, so these few
 * lines do what a schema library would, without its weight in the bundles that parse no request (the
 * publisher, the sweeps, the checkpoint: ≤ 200 KB and an init time ≤ 1.3× a bare client's, ADR 0008).
 */
interface Variable {
  readonly required: boolean;
  readonly pattern?: RegExp;
}

type EnvSpec = Readonly<Record<string, Variable>>;

type EnvOf<S extends EnvSpec> = {
  readonly [K in keyof S as S[K]['required'] extends true ? K : never]: string;
} & {
  readonly [K in keyof S as S[K]['required'] extends true ? never : K]?: string;
};

export const required = (pattern?: RegExp) => ({ required: true as const, ...(pattern ? { pattern } : {}) });
export const optional = (pattern?: RegExp) => ({ required: false as const, ...(pattern ? { pattern } : {}) });

export function readEnv<const S extends EnvSpec>(
  spec: S,
  source: Readonly<Record<string, string | undefined>> = process.env,
): EnvOf<S> {
  const problems: string[] = [];
  const values: Record<string, string> = {};
  for (const [name, { required, pattern }] of Object.entries(spec)) {
    const value = source[name];
    if (value === undefined) {
      if (required) problems.push(`${name} is not set`);
    } else if (value === '') {
      problems.push(`${name} is empty`);
    } else if (pattern && !pattern.test(value)) {
      problems.push(`${name} must match ${pattern}`);
    } else {
      values[name] = value;
    }
  }
  if (problems.length > 0) throw new Error(`environment: ${problems.join('; ')}`);
  return values as EnvOf<S>;
}
