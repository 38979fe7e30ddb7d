/** The events the solutions module raises: ids and codes only, never a person. */
declare module '../core/events.js' {
  interface DomainEvents {
    'solutions.return_opened': { operationId: string; leadOrgId: string; supportOrgId: string | null; programme: string; origin: string; host: string };
    'solutions.return_approved': { operationId: string; leadOrgId: string; supportOrgId: string | null; programme: string; origin: string; host: string; objections: number };
    'solutions.return_approved_over_objection': { operationId: string; leadOrgId: string; objectingOrgIds: string[]; objections: number; origin: string; host: string };
    'solutions.return_completed': { operationId: string; leadOrgId: string; origin: string; host: string; moved: number; returnedRefugees: number; figuresBatchId: string | null };
    'solutions.case_moved': { caseId: string; from: string; to: string | null; receivingCountry: string; byOrgId: string | null; days: number };
    'solutions.case_dropped': { caseId: string; stage: string; reason: string; receivingCountry: string };
    'solutions.figures_imported': { batchId: string; inserted: number; updated: number };
  }
}

export const SOLUTIONS_EVENTS = {
  'solutions.return_opened': 'A return operation was opened with its caseload; its lead was computed (UNHCR when it includes refugees, asylum-seekers or OIP; IOM for migrants only).',
  'solutions.return_approved': 'The lead agency\'s representative approved a return operation once every safeguard held (R5).',
  'solutions.return_approved_over_objection': 'A return was approved while an objection raised by one of the agencies stood: an issue of concern (R11).',
  'solutions.return_completed': 'The lead recorded a return operation\'s movements complete; the returned refugees were written as RET figures credited to UNHCR.',
  'solutions.case_moved': 'The responsible party moved a resettlement or pathways case out of its stage (R10).',
  'solutions.case_dropped': 'A resettlement or pathways case dropped out of the pipeline, at a stage, for a reason.',
  'solutions.figures_imported': 'UNHCR\'s solutions figures (returns, resettlement arrivals, naturalisation, returned IDPs) were imported or took new values.',
} as const;
