import type { MappingBody } from './movements.schemas.js';

/**
 * Mappings shipped with Tandem, read by anyone who may import. The DTM flow-monitoring layout: one sheet,
 * two header rows (group headers "Males" and "Females" merged over "Adults" and "Children"), the survey
 * date as an Excel date (a serial number once read), the point with its P-code, type and coordinates, the
 * direction (incoming or outgoing), origin and intended destination by country name, means of transport.
 * The row total is left out on purpose: it is the sum of the four counts. The layout follows IOM DTM's
 * published flow-monitoring tables; no real workbook could be shared to check it against (the tests use a
 * synthetic one).
 */
export const SHIPPED_MAPPINGS: readonly Omit<MappingBody, 'asOrg'>[] = [
  {
    name: 'dtm-flow-monitoring',
    target: 'flows',
    flows: { period: 'day' },
    read: {
      headerRow: 1,
      headerRows: 2,
      columns: [
        { header: 'Survey Date', tag: '#date' },
        { header: 'Country', tag: '#country+name' },
        { header: 'Flow Monitoring Point', tag: '#loc+name' },
        { header: 'FMP P-code', tag: '#loc+code' },
        { header: 'FMP Type', tag: '#loc+type' },
        { header: 'Latitude', tag: '#geo+lat', type: 'number' },
        { header: 'Longitude', tag: '#geo+lon', type: 'number' },
        { header: 'Direction', tag: '#indicator+direction' },
        { header: 'Country of Origin', tag: '#country+name+origin' },
        { header: 'Intended Destination', tag: '#country+name+destination' },
        { header: 'Means of Transport', tag: '#indicator+transport' },
        { header: 'Males / Adults', tag: '#affected+m+adults' },
        { header: 'Males / Children', tag: '#affected+m+children' },
        { header: 'Females / Adults', tag: '#affected+f+adults' },
        { header: 'Females / Children', tag: '#affected+f+children' },
      ],
      ignore: ['Total individuals'],
    },
  },
];
