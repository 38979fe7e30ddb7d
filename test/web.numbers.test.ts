/**
 * Whole numbers as partners type them into the 5W form (issue 18): read in their own language's conventions,
 * or refused with the reason. The review's "1,200" and "1O", saved as 0, are the first cases.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_COUNT, parseCount } from '../web/src/numbers.js';

describe('reading a count typed in a cell', () => {
  it.each([
    ['1,200', 'en', 1200], ['1200', 'en', 1200], ['1 200', 'en', 1200], ['  7 ', 'en', 7], ['', 'en', 0], ['1,234,567', 'en', 1_234_567],
    ['1.200', 'es', 1200], ['1.234.567', 'pt', 1_234_567], ['1\u202f200', 'fr', 1200], ['1 200', 'fr', 1200],
    ['١٢٠٠', 'ar', 1200], ['١٬٢٠٠', 'ar', 1200], ['1,200', 'ar', 1200], ['12.0', 'en', 12], ['12,0', 'es', 12],
  ])('reads %j in %s as %d', (text, lng, value) => {
    expect(parseCount(text, lng)).toEqual({ ok: true, value });
  });

  it.each([
    ['1O', 'en', 'notNumber'], ['abc', 'en', 'notNumber'], ['1,20', 'en', 'notNumber'], ['12,34', 'en', 'notNumber'],
    ['1.200', 'en', 'notWhole'], ['1,5', 'es', 'notWhole'], ['2.5', 'en', 'notWhole'],
    ['-5', 'en', 'negative'], ['−1 000', 'fr', 'negative'], ['100000001', 'en', 'tooLarge'], ['99999999999999999999', 'en', 'tooLarge'],
  ])('refuses %j in %s (%s), never reading it as 0', (text, lng, reason) => {
    expect(parseCount(text, lng)).toEqual({ ok: false, reason });
  });

  it('reads back every count the interface writes, in every language', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: MAX_COUNT }), fc.constantFrom('en', 'es', 'fr', 'ar', 'pt'), (n, lng) => {
      expect(parseCount(new Intl.NumberFormat(lng).format(n), lng)).toEqual({ ok: true, value: n });
      expect(parseCount(String(n), lng)).toEqual({ ok: true, value: n });
    }));
  });
});
