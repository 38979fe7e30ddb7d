import { describe, expect, it } from 'vitest';
import {
  channelOf, daysBetween, leadsOf, median, MATCH_STEPS, nextMatchStatus, pledgesAgainstDelivery, reachOf, requestStatus, suggestMatches, timeToMatch, unmetDemand,
  type MatchStatus, type OfferFacts, type RequestFacts,
} from './capacity.rules.js';
import { capacityVocabulary, GCM_CODES, GCR_CODES, TAG_INFO } from './capacity.vocabulary.js';
import { arrangementsAllowed, engagementByAgency, isRealDate } from './displacement.rules.js';

describe('the vocabulary', () => {
  it('holds the Global Compact for Migration\'s 23 objectives and the Global Compact on Refugees\' 4, each named in five languages with its citation', () => {
    expect(GCM_CODES).toHaveLength(23);
    expect(GCR_CODES).toEqual(['GCR-1', 'GCR-2', 'GCR-3', 'GCR-4']);
    for (const t of TAG_INFO.filter((x) => x.framework !== 'asylum')) {
      expect(Object.values(t.names).every((n) => n.trim().length > 3), t.code).toBe(true);
      expect(t.citation).toMatch(t.framework === 'gcm' ? /A\/RES\/73\/195/ : /A\/73\/12 \(Part II\)/);
    }
    expect(TAG_INFO.find((t) => t.code === 'GCM-23')!.names.en).toBe('Strengthen international cooperation and global partnerships for safe, orderly and regular migration');
    expect(TAG_INFO.find((t) => t.code === 'GCR-3')!.names.en).toBe('Expand access to third country solutions');
  });

  it('says which language versions were checked against the published texts', () => {
    expect(capacityVocabulary().sources.map((s) => [s.framework, s.verified.en])).toEqual([['gcm', true], ['gcr', true]]);
  });
});

describe('the channel of a request', () => {
  it('sends GCM objectives to the UN Network on Migration, coordinated by IOM', () => {
    expect(channelOf(['GCM-1', 'GCM-11'])).toBe('unnm');
    expect(leadsOf('unnm')).toEqual(['iom']);
  });

  it('sends GCR objectives and asylum-system needs to the Asylum Capacity Support Group, led by UNHCR', () => {
    expect(channelOf(['GCR-1'])).toBe('acsg');
    expect(channelOf(['registration', 'appeal'])).toBe('acsg');
    expect(leadsOf('acsg')).toEqual(['unhcr']);
  });

  it('goes through both when both are asked for, and nowhere with no tag', () => {
    expect(channelOf(['GCM-7', 'reception'])).toBe('both');
    expect(leadsOf('both')).toEqual(['iom', 'unhcr']);
    expect(channelOf([])).toBeNull();
  });
});

describe('the life of a match', () => {
  it('goes proposed, accepted, delivered, evaluated', () => {
    let s: MatchStatus = 'proposed';
    for (const [step, to] of [['accept', 'accepted'], ['deliver', 'delivered'], ['evaluate', 'evaluated']] as const) {
      const r = nextMatchStatus(s, step);
      expect(r).toEqual({ ok: true, to });
      s = to;
    }
  });

  it('refuses every step its state does not allow, naming the state', () => {
    expect(nextMatchStatus('proposed', 'deliver')).toEqual({ ok: false, reason: expect.stringContaining('a match that is proposed cannot be delivered') });
    expect(nextMatchStatus('delivered', 'accept')).toEqual({ ok: false, reason: expect.stringContaining('only a match that is proposed can') });
    expect(nextMatchStatus('declined', 'withdraw')).toMatchObject({ ok: false });
    for (const end of ['evaluated', 'declined', 'withdrawn'] as const) {
      for (const step of MATCH_STEPS) expect(nextMatchStatus(end, step).ok, `${end} ${step}`).toBe(false);
    }
  });

  it('is withdrawn or declined before delivery only', () => {
    expect(nextMatchStatus('accepted', 'withdraw')).toEqual({ ok: true, to: 'withdrawn' });
    expect(nextMatchStatus('proposed', 'decline')).toEqual({ ok: true, to: 'declined' });
    expect(nextMatchStatus('delivered', 'withdraw').ok).toBe(false);
  });

  it('makes a request delivered once any of its matches delivered', () => {
    expect(requestStatus([])).toBe('open');
    expect(requestStatus(['declined', 'proposed'])).toBe('proposed');
    expect(requestStatus(['proposed', 'accepted'])).toBe('accepted');
    expect(requestStatus(['withdrawn', 'evaluated'])).toBe('delivered');
  });
});

describe('suggested matches', () => {
  const request: RequestFacts = { tags: ['GCM-1', 'GCM-11'], kind: 'training', country: 'COL', region: 'Americas', subregion: 'Latin America and the Caribbean' };
  const offer = (id: string, o: Partial<OfferFacts>): OfferFacts => ({ id, tags: ['GCM-1'], kind: 'training', countries: [], regions: [], createdAt: `2026-01-0${id.length}`, ...o });

  it('needs an objective in common, the same kind, and a reach that includes the country', () => {
    const got = suggestMatches(request, [
      offer('a', { tags: ['GCM-2'] }), offer('bb', { kind: 'funding' }), offer('ccc', { countries: ['PER'] }), offer('dddd', { regions: ['Europe'] }), offer('eeeee', {}),
    ]);
    expect(got).toEqual([{ offerId: 'eeeee', sharedTags: ['GCM-1'], reach: 'anywhere' }]);
  });

  it('ranks more objectives in common first, then the nearer reach', () => {
    const got = suggestMatches(request, [
      offer('a', {}), offer('bb', { regions: ['Americas'] }), offer('ccc', { countries: ['COL'] }), offer('dddd', { tags: ['GCM-1', 'GCM-11'], regions: ['Latin America and the Caribbean'] }),
    ]);
    expect(got.map((s) => [s.offerId, s.reach])).toEqual([['dddd', 'subregion'], ['ccc', 'country'], ['bb', 'region'], ['a', 'anywhere']]);
  });

  it('leaves out offers already matched to the request', () => {
    expect(suggestMatches(request, [offer('a', {})], new Set(['a']))).toEqual([]);
    expect(reachOf(request, { countries: ['COL'], regions: [] })).toBe('country');
  });
});

describe('the views', () => {
  it('count requests not yet delivered under each of their objectives and regions', () => {
    const rows = [
      { id: '1', tags: ['GCM-1', 'GCM-11'], region: 'Americas', country: 'COL', delivered: false },
      { id: '2', tags: ['GCM-1'], region: 'Americas', country: 'PER', delivered: false },
      { id: '3', tags: ['GCM-1'], region: 'Americas', country: 'ECU', delivered: true },
      { id: '4', tags: ['registration'], region: null, country: 'XKX', delivered: false },
    ];
    expect(unmetDemand(rows)).toEqual([
      { tag: 'GCM-1', region: 'Americas', requests: 2, countries: ['COL', 'PER'] },
      { tag: 'GCM-11', region: 'Americas', requests: 1, countries: ['COL'] },
      { tag: 'registration', region: 'Unknown', requests: 1, countries: ['XKX'] },
    ]);
  });

  it('give the median days from filing to the first accepted match', () => {
    expect(median([])).toBeNull();
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(daysBetween('2026-01-01T00:00:00Z', '2026-01-03T12:00:00Z')).toBe(2.5);
    const t = timeToMatch([
      { channel: 'unnm', filedAt: '2026-01-01T00:00:00Z', firstAcceptedAt: '2026-01-11T00:00:00Z' },
      { channel: 'acsg', filedAt: '2026-01-01T00:00:00Z', firstAcceptedAt: '2026-01-05T00:00:00Z' },
      { channel: 'acsg', filedAt: '2026-01-01T00:00:00Z', firstAcceptedAt: null },
    ]);
    expect(t.overall).toEqual({ requests: 3, matched: 2, waiting: 1, medianDays: 7 });
    expect(t.byChannel.find((c) => c.channel === 'acsg')).toEqual({ channel: 'acsg', requests: 2, matched: 1, waiting: 1, medianDays: 4 });
  });

  it('set pledges against what accepted matches committed and what was delivered', () => {
    expect(pledgesAgainstDelivery(
      [{ orgId: 'o', kind: 'funding', amountUsd: 100 }, { orgId: 'o', kind: 'funding', amountUsd: null }],
      [{ orgId: 'o', kind: 'funding', status: 'accepted', amountUsd: 30 }, { orgId: 'o', kind: 'funding', status: 'evaluated', amountUsd: 20 }, { orgId: 'o', kind: 'funding', status: 'proposed', amountUsd: 50 }],
    )).toEqual([{ orgId: 'o', kind: 'funding', offers: 2, pledgedUsd: 100, committedUsd: 50, deliveredUsd: 20, matchesDelivered: 1 }]);
  });
});

describe('displacement arrangements', () => {
  it('keep clusters for internal and disaster displacement, the disaster flag for disasters, and neither for cross-border situations', () => {
    expect(arrangementsAllowed('internal')).toEqual({ clusters: true, disaster: false });
    expect(arrangementsAllowed('disaster')).toEqual({ clusters: true, disaster: true });
    expect(arrangementsAllowed('cross-border')).toEqual({ clusters: false, disaster: false });
  });

  it('count an agency engaged where it leads, co-leads, or is named', () => {
    expect(engagementByAgency([
      { cluster: 'cccm', leadSlug: 'iom', coLeadSlug: 'unhcr', engaged: [] },
      { cluster: 'protection', leadSlug: 'unhcr', coLeadSlug: 'ngo', engaged: [] },
      { cluster: 'shelter', leadSlug: 'ifrc', coLeadSlug: null, engaged: ['iom'] },
    ])).toEqual({ iom: ['shelter', 'cccm'], unhcr: ['protection', 'cccm'] });
    expect(isRealDate('2025-02-29')).toBe(false);
    expect(isRealDate('2024-02-29')).toBe(true);
  });
});
