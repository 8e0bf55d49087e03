/**
 * package.json declares that only `functions/` does anything when imported (`sideEffects`), so the bundler
 * leaves out a shared module none of whose exports a handler uses, with everything it imports. That holds as
 * long as a shared module's top level only declares: a call made for its effect (registering a hook, say)
 * belongs to a composition root under functions/, where it is never left out.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../../..');
const SHARED = join(ROOT, 'shared');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

function isDeclaration(statement: ts.Statement): boolean {
  return (
    ts.isImportDeclaration(statement) ||
    ts.isExportDeclaration(statement) ||
    ts.isFunctionDeclaration(statement) ||
    ts.isClassDeclaration(statement) ||
    ts.isInterfaceDeclaration(statement) ||
    ts.isTypeAliasDeclaration(statement) ||
    ts.isVariableStatement(statement) ||
    ts.isEnumDeclaration(statement)
  );
}

describe('import-time effects', () => {
  it('package.json marks functions/ alone as having them', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { sideEffects?: unknown };
    expect(pkg.sideEffects).toEqual(['./functions/**']);
  });

  it('no shared module has a top-level statement other than a declaration', () => {
    const offenders = sourceFiles(SHARED).flatMap((file) => {
      const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
      return source.statements
        .filter((statement) => !isDeclaration(statement))
        .map((statement) => `${relative(ROOT, file)}: ${statement.getText(source).slice(0, 60)}`);
    });
    expect(offenders).toEqual([]);
  });
});
