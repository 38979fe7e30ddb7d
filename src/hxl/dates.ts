const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];

function monthOf(word: string): number | null {
  const w = word.toLowerCase().replace(/\.$/, '');
  const i = MONTHS.findIndex((m) => m === w || (w.length >= 3 && m.startsWith(w)));
  return i < 0 ? null : i + 1;
}

const iso = (y: number, m: number, d: number) =>
  m >= 1 && m <= 12 && d >= 1 && d <= 31 ? `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}` : null;
const fullYear = (y: number) => (y < 100 ? (y < 50 ? 2000 + y : 1900 + y) : y);

/**
 * A date written in one of the common ways, as YYYY-MM-DD; null when it is not one. Numeric dates are
 * read month first unless the first number cannot be a month (03-18-14 is 18 March 2014; 19/3/15 is
 * 19 March 2015), as the reference implementation's date parser does.
 */
export function parseDate(text: string): string | null {
  const s = text.trim();
  let m = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$/.exec(s);
  if (m) return iso(+m[1]!, +m[2]!, +m[3]!);
  m = /^(\d{4})-(\d{1,2})$/.exec(s);
  if (m) return iso(+m[1]!, +m[2]!, 1);
  m = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{2}|\d{4})$/.exec(s);
  if (m) {
    const [a, b, y] = [+m[1]!, +m[2]!, fullYear(+m[3]!)];
    return a <= 12 ? iso(y, a, b) : iso(y, b, a);
  }
  m = /^(\d{1,2})\s+([a-z.]+),?\s+(\d{4})$/i.exec(s);
  if (m) { const mo = monthOf(m[2]!); return mo ? iso(+m[3]!, mo, +m[1]!) : null; }
  m = /^([a-z.]+)\s+(\d{1,2}),?\s+(\d{4})$/i.exec(s);
  if (m) { const mo = monthOf(m[1]!); return mo ? iso(+m[3]!, mo, +m[2]!) : null; }
  m = /^([a-z.]+)\s+(\d{4})$/i.exec(s);
  if (m) { const mo = monthOf(m[1]!); return mo ? iso(+m[2]!, mo, 1) : null; }
  return null;
}
