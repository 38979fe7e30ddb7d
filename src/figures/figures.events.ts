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

declare module '../core/events.js' {
  interface DomainEvents {
    'figures.imported': FiguresImported;
  }
}

export const FIGURES_EVENTS = {
  'figures.imported': 'An import committed: figures were inserted or took a new version (payload: batch, kind, organisation, counts, host and origin countries). Never raised when a file changed nothing.',
} as const;
