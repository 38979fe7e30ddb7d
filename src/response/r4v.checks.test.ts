import { describe, expect, it } from 'vitest';
import { outputChecks } from './consolidation.rules.js';
import { checkRows, R4V_TYPE_FIELDS, ROW_CHECKS, rowChecks, targetsAbovePin, type CheckReference, type RowCheck } from './r4v.checks.js';
import { errorLines, errorSheet } from './r4v.errors.js';
import type { R4vRow } from './r4v.layout.js';

/** A row that passes every check. */
const good = (o: Partial<R4vRow> = {}): R4vRow => ({
  country: 'Peru', admin1: 'Lima', admin2: 'Lima', appealingOrg: 'Org A', implementation: 'No', implementingPartner: null, month: '2024-01',
  sector: 'Health', indicator: 'people treated', activityName: 'clinic', activityDescription: null, covid19: null, rmrpActivity: 'Yes', cva: 'No', value: null,
  deliveryMechanism: null, quantityOutput: null, totalMonthly: 10, newBeneficiaries: 10, inDestination: 6, inTransit: 4, hostCommunities: 0, pendulars: 0,
  returnees: 0, girls: 2, boys: 3, women: 3, men: 2, otherUnder: 0, otherAbove: 0, ...o,
});
const TYPES: Record<string, string> = { 'Health|people treated': 'Direct Assistance', 'Health|staff trained': 'Capacity Building', 'Health|clinics built': 'Infrastructure', 'Multipurpose Cash Assistance (MPC)|cash': 'Direct Assistance' };
const ref: CheckReference = {
  typeOf: (s, i) => TYPES[`${s}|${i}`], partners: new Set(['Org A', 'Org B']),
  countryAdmin1: new Set(['Peru Lima', 'Peru Cusco']), admin1Admin2: new Set(['Lima Lima', 'Cusco Cusco']),
  mechanisms: new Set(['Physical cash', 'Paper voucher']),
};
const only = (r: R4vRow) => rowChecks(r, ref);

describe('R4V\'s 19 row checks, and Tandem\'s two after them', () => {
  it('passes a complete, consistent row', () => expect(only(good())).toEqual([]));

  const cases: Array<[RowCheck, Partial<R4vRow>]> = [
    ['missingcountry', { country: '' }],
    ['countryadmincheck', { admin1: 'Arequipa', admin2: null }],
    ['admin1and2check', { admin2: 'Miraflores' }],
    ['miss_appeal_org', { appealingOrg: 'Unknown Org' }],
    ['miss_setup', { implementation: null }],
    ['miss_implementing_org', { implementation: 'Yes', implementingPartner: null }],
    ['miss_month', { month: '' }],
    ['missing_what', { rmrpActivity: null }],
    ['wrongsectindicator', { indicator: 'not an indicator of the sector' }],
    ['zeroCVA', { cva: 'Yes', value: 0, deliveryMechanism: 'Physical cash' }],
    ['missingmechanism', { cva: 'Yes', value: 100, deliveryMechanism: null }],
    ['CVANotoYes', { cva: 'No', deliveryMechanism: 'Paper voucher' }],
    ['MultipurposeSector', { sector: 'Multipurpose Cash Assistance (MPC)', indicator: 'cash', cva: 'No' }],
    ['PiNNoBenef', { totalMonthly: 0, newBeneficiaries: 0, inDestination: 0, inTransit: 0, girls: 0, boys: 0, women: 0, men: 0 }],
    ['NewBenefvstotal', { totalMonthly: 5, newBeneficiaries: 10 }],
    ['PopTypeBreakdown', { inTransit: 3 }],
    ['AGDBreakdown', { otherAbove: 1 }],
    ['CBuildingNoBenef', { indicator: 'staff trained', totalMonthly: null, newBeneficiaries: null }],
    ['NoOutput', { indicator: 'clinics built', quantityOutput: 0 }],
    ['TypeForbiddenField', { indicator: 'clinics built', quantityOutput: 3 }],
    ['UnknownMechanism', { cva: 'Yes', value: 100, deliveryMechanism: 'Gold bars' }],
  ];
  it('has a case for each of the 21 checks', () => expect(cases.map(([c]) => c).sort()).toEqual([...ROW_CHECKS].sort()));
  for (const [check, change] of cases) {
    it(`flags ${check}`, () => expect(only(good(change))).toContain(check));
  }

  it('keeps R\'s three-valued logic: a comparison with an empty cell is not a hit', () => {
    expect(only(good({ newBeneficiaries: null, totalMonthly: 10 }))).toEqual([]);
    expect(only(good({ cva: null }))).toEqual(['missing_what']);
    expect(only(good({ implementation: null, implementingPartner: 'Org B' }))).toEqual(['miss_setup']);
  });

  it('counts people in transit among the population groups (the breakdown must include them)', () => {
    expect(only(good({ inDestination: 10, inTransit: 0 }))).toEqual([]);
    expect(only(good({ inDestination: 10, inTransit: 4 }))).toEqual(['PopTypeBreakdown']);
  });

  it('checks the people type of the year: PiN rows in 2022', () => {
    const pin: CheckReference = { typeOf: () => 'PiN', peopleType: 'PiN' };
    expect(rowChecks(good({ inTransit: 9 }), pin)).toContain('PopTypeBreakdown');
    expect(rowChecks(good({ inTransit: 9 }), { typeOf: () => 'PiN' })).not.toContain('PopTypeBreakdown');
  });

  it('takes the people type of the row\'s year from a per-year rule: PiN rows in 2022, Direct Assistance rows from 2023', () => {
    const pin: CheckReference = { typeOf: (_s, i) => (i === 'old' ? 'PiN' : 'Direct Assistance'), peopleType: { default: ['Direct Assistance'], byYear: { 2022: ['PiN'] } } };
    // A PiN row of 2022 is a people row (its breakdown is checked); the same row in 2023 is an output row.
    expect(rowChecks(good({ indicator: 'old', month: '2022-05', inTransit: 9 }), pin)).toEqual(['PopTypeBreakdown']);
    expect(rowChecks(good({ indicator: 'old', month: '2023-05', inTransit: 9 }), pin)).toEqual(['NoOutput']);
    expect(rowChecks(good({ month: '2023-05', inTransit: 9 }), pin)).toEqual(['PopTypeBreakdown']);
    expect(rowChecks(good({ month: '2022-05', inTransit: 9 }), pin)).toEqual(['NoOutput']);
  });

  describe('each indicator type\'s required and forbidden fields (R4V_TYPE_FIELDS)', () => {
    for (const [type, fields] of Object.entries(R4V_TYPE_FIELDS)) {
      const r: CheckReference = { typeOf: () => type, peopleType: 'Nothing counts' };
      // A row of the type with its required figure and nothing it forbids.
      const clean = good(Object.fromEntries([...fields.forbidden.map((f) => [f, null]), ...fields.requires.map((f) => [f, 5])]));
      it(`${type}: a row with ${fields.requires.join(' or ')} and none of what it forbids passes`, () => expect(rowChecks(clean, r)).toEqual([]));
      it(`${type}: ${fields.check} when ${fields.requires.join(' and ')} ${fields.requires.length > 1 ? 'are' : 'is'} empty or 0`, () => {
        const hits = checkRows([{ ...clean, ...Object.fromEntries(fields.requires.map((f, i) => [f, i % 2 ? 0 : null])), sourceRow: 9 }], r);
        expect(hits.map((h) => [h.row, h.check])).toEqual([[9, fields.check]]);
      });
      for (const f of fields.forbidden) {
        it(`${type}: TypeForbiddenField names the column of ${f} when it is filled`, () => {
          const hits = checkRows([{ ...clean, [f]: 2, sourceRow: 4 }], r);
          expect(hits.find((h) => h.check === 'TypeForbiddenField')?.columns).toHaveLength(1);
          expect(hits.filter((h) => h.check === 'TypeForbiddenField').map((h) => h.row)).toEqual([4]);
        });
      }
    }
    it('an output type (Infrastructure) forbids people figures; Capacity Building reports the people trained', () => {
      const infra = checkRows([{ ...good({ indicator: 'clinics built', quantityOutput: 2, totalMonthly: 0, inTransit: null, girls: null, boys: null, women: null, men: null }), sourceRow: 3 }], ref);
      expect(infra).toEqual([{ row: 3, check: 'TypeForbiddenField', columns: ['New_beneficiaries', 'IN_DESTINATION'], message: expect.stringMatching(/does not report/) }]);
      expect(only(good({ indicator: 'staff trained' }))).toEqual([]);
    });
  });

  it('flags a CVA row whose delivery mechanism is not the platform\'s, naming row and column; not checked without a list', () => {
    const row = { ...good({ cva: 'Yes', value: 50, deliveryMechanism: 'Crypto' }), sourceRow: 12 };
    expect(checkRows([row], ref)).toEqual([{ row: 12, check: 'UnknownMechanism', columns: ['Delivery_mechanism'], message: 'not one of the platform\'s CVA delivery mechanisms' }]);
    expect(checkRows([{ ...row, deliveryMechanism: 'Physical cash' }], ref)).toEqual([]);
    expect(checkRows([row], { ...ref, mechanisms: undefined })).toEqual([]);
  });

  it('writes R4V\'s error report: checks with a hit as columns, "Please review activity" on the rows with one, each problem by row, column and check', () => {
    const rows = [good(), good({ inTransit: 3, sourceRow: 7 } as Partial<R4vRow>)].map((r, i) => ({ ...r, sourceRow: i === 0 ? 6 : 7 }));
    const hits = checkRows(rows, ref);
    const sheet = errorSheet(rows, hits);
    expect(sheet[0]?.slice(-2)).toEqual(['PopTypeBreakdown', 'Review']);
    expect(sheet[0]).not.toContain('COVID19');
    expect(sheet[1]?.slice(-2)).toEqual(['', null]);
    expect(sheet[2]?.slice(-2)).toEqual(['Review', 'Please review activity']);
    const pinRows = [good({ totalMonthly: 0, newBeneficiaries: 0, inDestination: 0, inTransit: 0, girls: 0, boys: 0, women: 0, men: 0 })];
    const pinHits = checkRows(pinRows, ref);
    expect(errorSheet(pinRows, pinHits)[0]).toContain('DirectAssistanceNoBenef');
    expect(errorSheet(pinRows, pinHits, 'PiN')[0]).toContain('PiNNoBenef');
    expect(errorLines(hits)).toContainEqual({ row: 7, column: 'IN_TRANSIT', check: 'PopTypeBreakdown', message: 'the population groups do not add up to the new people' });
  });
});

describe('R4V\'s 3 checks of the consolidated report, and targets against people in need', () => {
  const zero = { total: 0, inDestination: 0, inTransit: 0, hostCommunities: 0, pendulars: 0, returnees: 0, girls: 0, boys: 0, women: 0, men: 0, otherUnder: 0, otherAbove: 0, cva: 0 };
  it('PopType: the total is 0 or equals the five groups', () => {
    expect(outputChecks({ ...zero, total: 60, inDestination: 80, hostCommunities: 10, girls: 60 }).checkPopType).toBe('Check Population Type breakdown');
    expect(outputChecks({ ...zero, total: 60, inDestination: 50, inTransit: 10, girls: 60 }).checkPopType).toBe('Ok');
    expect(outputChecks({ ...zero, inDestination: 5 }).checkPopType).toBe('Ok');
  });
  it('AGD: the total is 0 or equals the six bands', () => {
    expect(outputChecks({ ...zero, total: 10, inDestination: 10, girls: 9 }).checkAgd).toBe('Check AGD breakdown');
    expect(outputChecks({ ...zero, total: 10, inDestination: 10, girls: 9, otherAbove: 1 }).checkAgd).toBe('Ok');
  });
  it('CVA: CVA above the total', () => {
    expect(outputChecks({ ...zero, cva: 184 }).checkCva).toBe('CVA Value higher than total');
    expect(outputChecks({ ...zero, total: 10, inDestination: 10, girls: 10, cva: 10 }).checkCva).toBe('ok');
  });
  it('flags a target above the people in need, and a target where none are known', () => {
    const hits = targetsAbovePin(
      [{ country: 'Peru', admin1: 'Lima', sector: 'Health', target: 60 }, { country: 'Peru', admin1: 'Lima', sector: 'Health', target: 50 },
        { country: 'Peru', admin1: 'Cusco', sector: 'Health', target: 10 }, { country: 'Peru', admin1: 'Tumbes', sector: 'WASH', target: 1 }],
      [{ country: 'Peru', admin1: 'Lima', sector: 'Health', pin: 100 }, { country: 'Peru', admin1: 'Cusco', sector: 'Health', pin: 10 }],
    );
    expect(hits.map((h) => [h.admin1, h.target, h.pin])).toEqual([['Lima', 110, 100], ['Tumbes', 1, null]]);
    expect(hits.map((h) => h.message)).toEqual(['Peru, Lima, Health: the target (110) is above the people in need (100)', 'Peru, Tumbes, WASH: a target where no people in need are known']);
  });
});
