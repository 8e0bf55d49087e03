/** A text with marked spans: findings in the submitted text, masked and suspected spans in the public preview. */
import type { ComponentChildren } from 'preact';

export interface Span {
  readonly start: number;
  readonly end: number;
  readonly className: string;
  /** Read out after the span by a screen reader and shown on hover. */
  readonly label: string;
  readonly id?: string;
}

export function Highlighted({ text, spans }: { readonly text: string; readonly spans: readonly Span[] }) {
  const ordered = [...spans].sort((a, b) => a.start - b.start || b.end - a.end);
  const parts: ComponentChildren[] = [];
  let at = 0;
  for (const span of ordered) {
    if (span.start < at || span.end > text.length) continue;
    if (span.start > at) parts.push(text.slice(at, span.start));
    parts.push(
      <mark key={`${span.start}-${span.end}`} class={span.className} id={span.id} title={span.label}>
        {text.slice(span.start, span.end)}
        <span class="visually-hidden">（{span.label}）</span>
      </mark>,
    );
    at = span.end;
  }
  if (at < text.length) parts.push(text.slice(at));
  return <>{parts}</>;
}

/** Where a finding stands in its field: its id is `field@start-end` (shared/domain/findings.ts). */
export function findingPlace(id: string): { field: string; start: number; end: number } | undefined {
  const match = /^(.+)@(\d+)-(\d+)$/.exec(id);
  if (!match?.[1] || !match[2] || !match[3]) return undefined;
  return { field: match[1], start: Number(match[2]), end: Number(match[3]) };
}

/** The masked runs of a published text (`*`), as spans. */
export function maskedSpans(text: string): Span[] {
  const spans: Span[] = [];
  for (const match of text.matchAll(/[*＊]+/g)) {
    spans.push({
      start: match.index,
      end: match.index + match[0].length,
      className: 'masked',
      label: '已遮盖',
    });
  }
  return spans;
}

/** Every place a text occurs, as spans (a suspected finding in the preview, whose offsets differ from the input's). */
export function occurrences(text: string, needle: string, className: string, label: string): Span[] {
  const spans: Span[] = [];
  if (needle === '') return spans;
  for (let at = text.indexOf(needle); at !== -1; at = text.indexOf(needle, at + needle.length)) {
    spans.push({ start: at, end: at + needle.length, className, label });
  }
  return spans;
}
