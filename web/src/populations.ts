import type { PopulationType } from './api/client';

export type PopulationTypeCode = PopulationType['code'];

/**
 * The one colour of each population type, wherever a type is drawn (charts, legends, swatches): defined here
 * only, so that migrants are the same colour on every page. None is an arrangement's colour
 * (arrangements.ts), so a chart of people never reads as a map of who leads. Keyed by the API's own union.
 */
export const POPULATION_COLOURS: Record<PopulationTypeCode, string> = {
  REF: '#00838f',
  ASY: '#4dd0e1',
  OIP: '#ad1457',
  STA: '#f48fb1',
  RET: '#7cb342',
  IDP: '#ef6c00',
  RDP: '#ffb74d',
  OOC: '#c0ca33',
  HST: '#bdbdbd',
  MIG: '#d32f2f',
  RMG: '#e57373',
};

/** A type's colour; grey for a code the interface does not know yet. */
export const populationColour = (code: string): string => (POPULATION_COLOURS as Record<string, string>)[code] ?? '#9e9e9e';
