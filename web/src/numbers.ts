/**
 * Whole numbers as people type them, in their own language's conventions: "1,200" in English, "1.200" in
 * Spanish or Portuguese, "1 200" in French, Arabic-Indic digits in Arabic. What is not a whole number, 0 or
 * more, is refused with the reason, never read as 0 (the review's "1,200" and "1O" saved as 0).
 */
export type ParsedCount = { ok: true; value: number } | { ok: false; reason: 'notNumber' | 'notWhole' | 'negative' | 'tooLarge' };

/** The largest count a cell may hold (the API's own bound). */
export const MAX_COUNT = 100_000_000;

const DIGITS: Record<string, string> = Object.fromEntries([
  ...'٠١٢٣٤٥٦٧٨٩'.split('').map((d, i) => [d, String(i)]),
  ...'۰۱۲۳۴۵۶۷۸۹'.split('').map((d, i) => [d, String(i)]),
]);

function separators(lng: string): { group: string; decimal: string } {
  const parts = new Intl.NumberFormat(lng, { useGrouping: true }).formatToParts(1234567.5);
  return { group: parts.find((p) => p.type === 'group')?.value ?? ',', decimal: parts.find((p) => p.type === 'decimal')?.value ?? '.' };
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Reads a cell: empty is 0 (nothing to report); otherwise a whole number in `lng`'s conventions, or why not. */
export function parseCount(text: string, lng: string): ParsedCount {
  let s = text.trim().replace(/[٠-٩۰-۹]/g, (d) => DIGITS[d] ?? d);
  if (s === '') return { ok: true, value: 0 };
  const { group, decimal } = separators(lng);
  // Arabic writes its own separators (٬ ٫) beside the Latin ones.
  s = s.replace(/٬/g, ',').replace(/٫/g, '.');
  const dec = decimal === '٫' ? '.' : decimal;
  const grp = group === '٬' ? ',' : group;
  if (/^[-−]/.test(s)) return /^[-−]\s*[\d\s.,'\u00a0\u202f]+$/.test(s) ? { ok: false, reason: 'negative' } : { ok: false, reason: 'notNumber' };
  // Spaces (plain, no-break, narrow no-break) group digits in every language; the language's own group mark too.
  const groupMarks = `[\\s\\u00a0\\u202f${escape(grp)}']`;
  const whole = new RegExp(`^\\d{1,3}(?:${groupMarks}\\d{3})*$|^\\d+$`);
  const withFraction = new RegExp(`^(\\d{1,3}(?:${groupMarks}\\d{3})*|\\d+)${escape(dec)}(\\d+)$`);
  let digits: string;
  if (whole.test(s)) digits = s.replace(new RegExp(groupMarks, 'g'), '');
  else {
    const m = withFraction.exec(s);
    if (!m) return { ok: false, reason: 'notNumber' };
    if (!/^0+$/.test(m[2]!)) return { ok: false, reason: 'notWhole' };
    digits = m[1]!.replace(new RegExp(groupMarks, 'g'), '');
  }
  const value = Number(digits);
  if (!Number.isSafeInteger(value)) return { ok: false, reason: 'tooLarge' };
  if (value > MAX_COUNT) return { ok: false, reason: 'tooLarge' };
  return { ok: true, value };
}
