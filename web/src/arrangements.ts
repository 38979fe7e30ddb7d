import type { Arrangement } from './api/client';

/**
 * The colour each arrangement (R2) has on the map and in badges: distinct for colour-blind readers, dark enough
 * for white text. Keyed by the API's own union, so an arrangement the server adds fails the type check until it has a colour.
 */
export const ARRANGEMENT_COLOURS: Record<Arrangement, string> = {
  'unhcr-led': '#0a5ea8',
  'iom-led': '#9c4a00',
  'co-led-platform': '#6b3fa0',
  cluster: '#2f6b2f',
  'insufficient-data': '#595959',
};

/** A host whose situations have different arrangements: its own colour on the map, with its own legend entry. */
export const SEVERAL_ARRANGEMENTS_COLOUR = '#b8860b';
