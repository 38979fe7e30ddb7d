/** The events the movements module raises: ids, codes and counts only. */
declare module '../core/events.js' {
  interface DomainEvents {
    'movements.counts_imported': { batchId: string; orgId: string; inserted: number; updated: number; months: string[] };
    'movements.point_created': { pointId: string; orgId: string; country: string; kind: string };
    'movements.mapping_saved': { mappingId: string; orgId: string; name: string; target: string };
    'movements.survey_recorded': { responseId: string; orgId: string; pointId: string };
    'movements.survey_consent_withdrawn': { responseId: string; orgId: string };
  }
}

export const MOVEMENTS_EVENTS = {
  'movements.counts_imported': 'Flow counts were imported at monitoring points (all or nothing); the corridor totals of the months named are up to date.',
  'movements.point_created': 'A flow-monitoring point was recorded for its operating agency.',
  'movements.mapping_saved': 'An organisation saved (or changed) a named mapping for reading its untagged files.',
  'movements.survey_recorded': 'An organisation recorded a consented flow-monitoring survey response at one of its points (personal fields sealed).',
  'movements.survey_consent_withdrawn': 'A respondent withdrew consent: the response\'s answers and personal fields were erased and it no longer counts in the aggregates.',
} as const;
