/** The events the response module raises. */
declare module '../core/events.js' {
  interface DomainEvents {
    'report.validated': { reportId: string; activityId: string; planId: string; month: string };
  }
}

export const RESPONSE_EVENTS = {
  'report.validated': 'A co-lead validated a partner\'s monthly report: it now counts in the plan\'s dashboard.',
} as const;
