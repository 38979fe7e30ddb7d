import { describe, expect, it } from 'vitest';
import { agreementStatus, coverageProblem, isCalendarDate } from './sharing.rules.js';

const at = (iso: string) => new Date(iso);
const a = (approvals: Array<string | null>) => ({ startsOn: '2026-01-01', expiresOn: '2026-06-30', approvals });

describe('data-sharing agreement status', () => {
  it('is a draft until every party approved', () => {
    expect(agreementStatus(a(['2025-12-01T00:00:00Z', null]), at('2026-02-01T00:00:00Z'))).toBe('draft');
  });
  it('is scheduled when approved before its start, active from its start day through its expiry day', () => {
    const ok = a(['x', 'y']);
    expect(agreementStatus(ok, at('2025-12-31T23:59:59Z'))).toBe('scheduled');
    expect(agreementStatus(ok, at('2026-01-01T00:00:00Z'))).toBe('active');
    expect(agreementStatus(ok, at('2026-06-30T23:59:59Z'))).toBe('active');
  });
  it('lapses after its expiry day, approved or not', () => {
    expect(agreementStatus(a(['x', 'y']), at('2026-07-01T00:00:00Z'))).toBe('lapsed');
    expect(agreementStatus(a([null, null]), at('2026-07-01T00:00:00Z'))).toBe('lapsed');
  });
  it('knows a calendar day from a date-shaped string', () => {
    expect(isCalendarDate('2028-02-29')).toBe(true);
    expect(isCalendarDate('2026-02-29')).toBe(false);
    expect(isCalendarDate('2026-13-01')).toBe(false);
  });
});

describe('what an agreement covers', () => {
  const agreement = {
    status: 'active' as const, kinds: ['5w_reports'], fields: ['admin1', 'reached'],
    parties: [{ orgId: 'iom', role: 'provider' as const }, { orgId: 'unhcr', role: 'recipient' as const }],
  };
  const t = { kind: '5w_reports', fromOrgId: 'iom', toOrgId: 'unhcr', fields: ['admin1'] };
  it('covers a transfer of a listed kind and fields from a provider to a recipient', () => {
    expect(coverageProblem(agreement, t)).toBeNull();
  });
  it('refuses another kind, the other direction, unlisted fields, and anything once it is not active', () => {
    expect(coverageProblem(agreement, { ...t, kind: 'figures' })).toMatch(/does not cover/);
    expect(coverageProblem(agreement, { ...t, fromOrgId: 'unhcr', toOrgId: 'iom' })).toMatch(/provides no data/);
    expect(coverageProblem(agreement, { ...t, fields: ['admin2'] })).toMatch(/admin2/);
    expect(coverageProblem({ ...agreement, status: 'lapsed' }, t)).toMatch(/lapsed/);
  });
});
