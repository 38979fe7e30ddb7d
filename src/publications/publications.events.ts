/** The events the publications module raises: ids and codes only. */
declare module '../core/events.js' {
  interface DomainEvents {
    'publication.published': { publicationId: string; slug: string; version: number; orgId: string; platformId: string | null; items: number; rows: number };
  }
}

export const PUBLICATIONS_EVENTS = {
  'publication.published': 'A public report was published: a new version froze every item\'s data as it stood, and the report\'s public address now shows it (earlier versions stay readable).',
} as const;
