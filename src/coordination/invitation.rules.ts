/** The places an organisation is invited to on a platform. */
export const INVITED_ROLES = ['co_lead', 'partner', 'sector_lead'] as const;
export type InvitedRole = (typeof INVITED_ROLES)[number];

/** How an invited organisation answers. */
export const ANSWERS = ['accepted', 'declined'] as const;
export type Answer = (typeof ANSWERS)[number];
