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
 * 19 March 2015), as the reference implementation's date parser does. A five-digit number is an Excel
 * serial date (42645 is 2016-10-02), so that `clean-dates` converts what a spreadsheet exported.
 */
export function parseDate(text: string): string | null {
  const s = text.trim();
  // An Excel serial date (a date cell read as its number, or a sheet saved as CSV): 42645 is 2016-10-02.
  const serial = excelSerialDate(s);
  if (serial) return serial;
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

/** The day Excel's serial numbers count from (serial 1 is 1900-01-01; Excel's fictitious 1900-02-29 makes the epoch the 30th). */
const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);

/**
 * An Excel serial date (the number a date cell holds, 42645 for 2016-10-02) as YYYY-MM-DD; null when the
 * text is not one. Only five-digit serials are read (1927-05-18 to 2173-10-14): a four-digit number in a
 * date column is a year, never a day of 1900–1927.
 */
export function excelSerialDate(text: string): string | null {
  const m = /^\s*(\d{5})(?:\.\d+)?\s*$/.exec(text);
  if (!m) return null;
  return new Date(EXCEL_EPOCH_MS + Number(m[1]) * 86_400_000).toISOString().slice(0, 10);
}

/** How a file writes numeric dates: day first (31/12/2024), month first (12/31/2024), or not said. */
export type DateOrder = 'dmy' | 'mdy';

export type DateReading = { date: string } | { error: string };

/**
 * A date read strictly, for imports: ISO dates, Excel serials, month names, and numeric dates in the
 * order the mapping gives. Without an order, a numeric date whose first two numbers could each be the
 * month (03/04/2024) is refused as ambiguous instead of guessed.
 */
export function readDate(text: string, order?: DateOrder): DateReading {
  const s = text.trim();
  const serial = excelSerialDate(s);
  if (serial) return { date: serial };
  const m = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{2}|\d{4})$/.exec(s);
  if (m) {
    const [a, b, y] = [+m[1]!, +m[2]!, fullYear(+m[3]!)];
    const dayFirst = order ? order === 'dmy' : a > 12 ? true : b > 12 ? false : a === b ? true : null;
    if (dayFirst === null) return { error: `"${s}" is ambiguous: day first or month first? (say which in the mapping: "dateOrder": "dmy" or "mdy")` };
    const out = dayFirst ? realDay(y, b, a) : realDay(y, a, b);
    return out ? { date: out } : { error: `"${s}" is not a day of the calendar (read ${order ?? (dayFirst ? 'dmy' : 'mdy')})` };
  }
  const other = parseDate(s);
  if (!other) return { error: `"${s}" is not a date` };
  const [y, mo, d] = other.split('-').map(Number);
  return realDay(y!, mo!, d!) ? { date: other } : { error: `"${s}" is not a day of the calendar` };
}

/** YYYY-MM-DD when the day exists (no 31 April, no 29 February outside leap years). */
function realDay(y: number, m: number, d: number): string | null {
  const t = new Date(Date.UTC(y, m - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d ? iso(y, m, d) : null;
}
