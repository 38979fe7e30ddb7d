import { describe, expect, it } from 'vitest';
import { addMonths, DEFAULT_RETENTION_MONTHS, retentionOf, sexAgeCode } from './survey.rules.js';

describe('survey retention', () => {
  it('keeps personal fields twelve months after the interview unless told otherwise', () => {
    expect(DEFAULT_RETENTION_MONTHS).toBe(12);
    expect(retentionOf('2026-03-01', undefined)).toEqual({ retainUntil: '2027-03-01' });
  });

  it('takes the last day of a shorter month rather than spilling into the next', () => {
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonths('2027-08-31', 6)).toBe('2028-02-29');
    expect(addMonths('2026-11-15', 2)).toBe('2027-01-15');
  });

  it('refuses a retention before the interview or beyond three years, saying why', () => {
    expect(retentionOf('2026-03-01', '2026-02-28')).toEqual({ error: 'must not be before the day of the interview' });
    expect(retentionOf('2026-03-01', '2029-03-02')).toMatchObject({ error: expect.stringContaining('2029-03-01') });
    expect(retentionOf('2026-03-01', '2029-03-01')).toEqual({ retainUntil: '2029-03-01' });
    expect(retentionOf('2026-03-01', '2026-03-01')).toEqual({ retainUntil: '2026-03-01' });
  });

  it('codes a sex × age band cell so that both parts can be read back', () => {
    expect(sexAgeCode('female', '18_25')).toBe('female:18_25');
  });
});
