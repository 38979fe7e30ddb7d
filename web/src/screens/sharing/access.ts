import type { User } from '../../api/client';

/** The organisation a new draft starts with as its first party: the account's first (the form lets it change). */
export const draftingOrg = (user: User | null | undefined) => user?.memberships[0]?.orgSlug ?? '';
