/** AuditArchive in memory (ADR 0022), for use-case tests: a key once written is never replaced. */
import type { AuditArchive } from '../../ports.ts';

export class MemoryAuditArchive implements AuditArchive {
  readonly objects = new Map<string, string>();

  async read(key: string): Promise<string | undefined> {
    return this.objects.get(key);
  }

  async putNew(key: string, body: string): Promise<{ readonly written: boolean }> {
    if (this.objects.has(key)) return { written: false };
    this.objects.set(key, body);
    return { written: true };
  }
}
