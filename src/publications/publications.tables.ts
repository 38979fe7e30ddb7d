/** The tables the publications module owns: public reports (their draft) and the versions each publishing froze. */
export interface PublicationTable {
  id: string;
  /** The stable public name (`/r/<slug>`), fixed when the report is created. */
  slug: string;
  /** The organisation the report is composed for. */
  org_id: string;
  /** The platform it reports on, when it does: its co-leads' staff compose it too. */
  platform_id: string | null;
  /** The draft: title and text by language (JSON `{ en, fr?, … }`), and its items (JSON array of item specifications). */
  title: string;
  body: string;
  items: string;
  /** The latest version published (0: never). */
  latest_version: number;
  created_by: string;
  created_at: string;
  updated_at: string;
}

/** One published version: the draft as it stood and every item's data as read at that moment (JSON), kept for good. */
export interface PublicationVersionTable {
  publication_id: string;
  version: number;
  title: string;
  body: string;
  /** JSON array: each item's specification and its frozen table (columns, rows), chart and map. */
  items: string;
  published_by: string;
  published_at: string;
}

declare module '../core/tables.js' {
  interface DB {
    publications: PublicationTable;
    publication_versions: PublicationVersionTable;
  }
}
