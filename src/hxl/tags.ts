/**
 * HXL hashtags and tag patterns (hxlstandard.org). A tag spec is `#tag +attr +attr` (case-insensitive,
 * spaces allowed before attributes); a pattern adds excluded attributes (`-attr`), the wildcard `#*` and
 * absolute matching (`!`: the column may carry no other attribute).
 */
export interface TagSpec {
  tag: string;
  attributes: string[];
}

// Pre-1.0 files (2014) may end a tag with a language, `#country/fr`: it becomes the attribute `fr`.
const TAG_RE = /^\s*#([a-z][a-z0-9_]*)((?:\s*\+\s*[a-z][a-z0-9_]*)*)\s*(?:\/\s*([a-z]{2,3}))?\s*$/i;

/** Parses `#affected +f +adult`; null when the text is not a tag spec. */
export function parseTagSpec(text: string): TagSpec | null {
  const m = TAG_RE.exec(text);
  if (!m) return null;
  const attributes = [...m[2]!.split('+'), m[3] ?? ''].map((a) => a.trim().toLowerCase()).filter(Boolean);
  return { tag: m[1]!.toLowerCase(), attributes: [...new Set(attributes)] };
}

/** The tag spec as written in output: `#tag+attr+attr`, attributes in the order given. */
export function formatTagSpec(t: TagSpec): string {
  return `#${t.tag}${t.attributes.map((a) => `+${a}`).join('')}`;
}

export interface TagPattern {
  tag: string;
  include: string[];
  exclude: string[];
  absolute: boolean;
}

const PATTERN_RE = /^\s*#?([a-z][a-z0-9_]*|\*)((?:\s*[+-]\s*[a-z][a-z0-9_]*)*)\s*(!)?\s*$/i;

/** Parses `#affected+f-adult`, `affected+f`, `#*+code`, `#org+name!`; null when not a pattern. */
export function parseTagPattern(text: string): TagPattern | null {
  const m = PATTERN_RE.exec(text);
  if (!m) return null;
  const include: string[] = [];
  const exclude: string[] = [];
  for (const part of m[2]!.matchAll(/([+-])\s*([a-z][a-z0-9_]*)/gi)) {
    (part[1] === '+' ? include : exclude).push(part[2]!.toLowerCase());
  }
  return { tag: m[1]!.toLowerCase(), include, exclude, absolute: m[3] === '!' };
}

export function matches(p: TagPattern, t: TagSpec | null): boolean {
  if (!t) return false;
  if (p.tag !== '*' && p.tag !== t.tag) return false;
  if (!p.include.every((a) => t.attributes.includes(a))) return false;
  if (p.exclude.some((a) => t.attributes.includes(a))) return false;
  if (p.absolute && t.attributes.some((a) => !p.include.includes(a))) return false;
  return true;
}

/** A pattern given by a user, or an error naming it. */
export function requirePattern(text: string): TagPattern {
  const p = parseTagPattern(text);
  if (!p) throw new HxlError(`"${text}" is not a tag pattern (expected something like #org or #affected+f-adult)`);
  return p;
}

/** An HXL problem: a message that names the tag, column or row concerned. */
export class HxlError extends Error {
  constructor(message: string, readonly row?: number, readonly column?: string) {
    super(message);
    this.name = 'HxlError';
  }
}
