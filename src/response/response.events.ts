/** The events the response module raises. */
declare module '../core/events.js' {
  interface DomainEvents {
    'report.validated': { reportId: string; activityId: string; planId: string; month: string };
    'dashboard.exported': { planId: string; toOrgId: string; fromOrgIds: string[]; rows: number; fields: string[]; format: string; disclosed: boolean };
  }
}

export const RESPONSE_EVENTS = {
  'report.validated': 'A co-lead validated a partner\'s monthly report: it now counts in the plan\'s dashboard.',
  'dashboard.exported': 'A signed-in account exported a plan\'s dashboard (HXL, XLSX): the partners\' figures left the platform for the account\'s organisation, registered as transfers.',
} as const;
