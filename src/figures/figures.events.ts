/** The events the figures module raises. */
export interface FiguresImported {
  batchId: string;
  kind: string;
  /** The importing account's organisation. */
  orgId: string | null;
  inserted: number;
  updated: number;
  /** Host and origin countries of the figures that were inserted or changed. */
  hosts: string[];
  origins: string[];
}

/** A signed-in account of an organisation exported figures (CSV, HXL, XLSX): what left, from whom, to whom. */
export interface FiguresExported {
  /** The exporting account's organisation. */
  toOrgId: string;
  /** The organisations that assert the figures, with the number of their figures the export carried. */
  from: Array<{ orgId: string; rows: number }>;
  format: string;
  fields: string[];
  /** Whether disclosure control hid any value of the export. */
  disclosed: boolean;
}

declare module '../core/events.js' {
  interface DomainEvents {
    'figures.imported': FiguresImported;
    'figures.exported': FiguresExported;
  }
}

export const FIGURES_EVENTS = {
  'figures.imported': 'An import committed: figures were inserted or took a new version (payload: batch, kind, organisation, counts, host and origin countries). Never raised when a file changed nothing.',
  'figures.exported': 'A signed-in account of an organisation exported figures as CSV, HXL or XLSX: the figures each asserting organisation sent to it, counted when the export ended (registered as transfers).',
} as const;
