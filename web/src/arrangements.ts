/** Arrangement codes (R2) and the colour each has on the map and in badges (distinct for colour-blind readers, dark enough for white text). */
export const ARRANGEMENT_COLOURS: Record<string, string> = {
  'unhcr-led': '#0a5ea8',
  'iom-led': '#9c4a00',
  'co-led-platform': '#6b3fa0',
  cluster: '#2f6b2f',
  'insufficient-data': '#595959',
};
export const DECIDABLE = ['unhcr-led', 'iom-led', 'co-led-platform', 'cluster'] as const;
