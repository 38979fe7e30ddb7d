/** The tables the capacity module owns: support requests from States, offers, matches and their steps (R9); displacement arrangements (R8). */
export interface SupportRequestTable {
  id: string;
  /** The requesting State: a government organisation. */
  org_id: string;
  country: string;
  kind: string;
  channel: string;
  description: string;
  filed_by: string;
  filed_at: string;
}

/** A tag of a request or offer: a GCM or GCR objective code, or an asylum-system need. */
export interface SupportTagTable { owner_id: string; tag: string }

export interface SupportOfferTable {
  id: string;
  org_id: string;
  kind: string;
  channel: string;
  description: string;
  /** The value pledged in US dollars (of funding, or of what is given in kind), when known. */
  amount_usd: number | null;
  created_by: string;
  created_at: string;
}

/** Where an offer reaches: an ISO3 country (`country`) or a UN M49 region or sub-region by name (`region`). */
export interface SupportOfferPlaceTable { offer_id: string; scope: string; code: string }

export interface SupportMatchTable {
  id: string;
  request_id: string;
  offer_id: string;
  status: string;
  amount_usd: number | null;
  rating: number | null;
  proposed_at: string;
  accepted_at: string | null;
  delivered_at: string | null;
  evaluated_at: string | null;
  closed_at: string | null;
  updated_at: string;
}

/** One step of a match, kept for good: who (an account id or `operator`), for which organisation, when. */
export interface SupportMatchStepTable {
  id: string;
  match_id: string;
  step: string;
  status: string;
  actor: string;
  actor_org: string | null;
  at: string;
  note: string | null;
}

/** A situation's displacement arrangement: the cluster arrangement (its clusters below) or the disaster flag. */
export interface DisplacementArrangementTable {
  situation_id: string;
  note: string | null;
  pdd: number | null;
  hazard: string | null;
  started_on: string | null;
  ended_on: string | null;
  updated_by: string;
  updated_at: string;
}

/** A cluster activated for a situation, its lead and co-lead, and which of the two agencies take part in it. */
export interface DisplacementClusterTable {
  situation_id: string;
  cluster: string;
  lead_org_id: string;
  co_lead_org_id: string | null;
  iom_engaged: number;
  unhcr_engaged: number;
}

declare module '../core/tables.js' {
  interface DB {
    support_requests: SupportRequestTable;
    support_request_tags: SupportTagTable;
    support_offers: SupportOfferTable;
    support_offer_tags: SupportTagTable;
    support_offer_places: SupportOfferPlaceTable;
    support_matches: SupportMatchTable;
    support_match_steps: SupportMatchStepTable;
    displacement_arrangements: DisplacementArrangementTable;
    displacement_clusters: DisplacementClusterTable;
  }
}
