/**
 * A flow-monitoring survey response: the coded answers of one consenting person interviewed at a point, in
 * plain columns (what aggregates are counted from), and their personal fields sealed under the response's
 * own data key, kept in the protection keyring (`survey:<id>`). A withdrawn response keeps no answer at all.
 */
export interface SurveyResponseTable {
  id: string;
  /** The operating organisation of the point: the only one that reads the response. */
  org_id: string;
  point_id: string;
  survey_date: string;
  /** YYYY-MM of the interview, for the aggregates. */
  month: string;
  consent_method: string;
  consent_given_at: string;
  /** Set when the person withdrew consent: every answer and personal field was erased then. */
  consent_withdrawn_at: string | null;
  /** Coded answers (null once consent is withdrawn). */
  sex: string | null; age_band: string | null; nationality: string | null; origin: string | null; departure: string | null;
  destination: string | null; reason: string | null; transport: string | null; with_children: number | null;
  /** Sealed personal fields (null when not given, or erased). */
  name: string | null; contact: string | null; birth_date: string | null; remarks: string | null;
  retain_until: string;
  /** When the personal fields and their key were erased (retention or withdrawal). */
  personal_erased_at: string | null;
  /** 1 for the demo's clearly labelled synthetic responses. */
  synthetic: number;
  created_by: string; created_at: string; updated_at: string;
}

/** The needs a respondent named, one row each (a response may name several). */
export interface SurveyNeedTable { response_id: string; need: string }

declare module '../core/tables.js' {
  interface DB {
    movement_survey_responses: SurveyResponseTable;
    movement_survey_needs: SurveyNeedTable;
  }
}
