import { Type } from '@sinclair/typebox';
import { literals } from '../http/schemas.js';
import { ANSWERS, INVITED_ROLES } from './invitation.rules.js';

export const TIERS = ['regional', 'national', 'subnational'] as const;
export type Tier = (typeof TIERS)[number];
export const PARTNER_TYPES = ['un_agency', 'international_ngo', 'national_ngo', 'government', 'red_cross', 'faith_based', 'civil_society', 'academic', 'other'] as const;
export type PartnerType = (typeof PARTNER_TYPES)[number];
/** How a platform combines activities within a sector: the highest (they may reach the same people) or their sum (declared disjoint). */
export const COUNTINGS = ['max', 'sum'] as const;
export type Counting = (typeof COUNTINGS)[number];

export const PlatformRefParams = Type.Object({ ref: Type.String({ minLength: 1, maxLength: 100, description: 'platform id or slug' }) });

/** An organisation named to a platform, and its answer (null while open). */
export const InvitationSchema = Type.Object({
  id: Type.String(),
  platform: Type.Object({ slug: Type.String(), name: Type.String() }),
  organisation: Type.Object({ slug: Type.String(), name: Type.String() }),
  role: literals(INVITED_ROLES), sector: Type.Union([Type.String(), Type.Null()]),
  invitedAt: Type.String(), answer: Type.Union([literals(ANSWERS), Type.Null()]), answeredAt: Type.Union([Type.String(), Type.Null()]),
});
export const InvitationListSchema = Type.Array(InvitationSchema);
export const InvitationListQuery = Type.Object({ open: Type.Optional(Type.Boolean({ description: 'only invitations not yet answered' })) });
export const InvitationParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 100 }) });

const Link = Type.Object({ slug: Type.String(), name: Type.String(), tier: literals(TIERS) });
export const PlatformStructureSchema = Type.Object({
  id: Type.String(), slug: Type.String(), name: Type.String(), tier: literals(TIERS), counting: literals(COUNTINGS), country: Type.Union([Type.String(), Type.Null()]),
  parent: Type.Union([Link, Type.Null()]), children: Type.Array(Link),
  situation: Type.Union([Type.Object({ slug: Type.String(), name: Type.String() }), Type.Null()]),
  coLeads: Type.Array(Type.Object({ id: Type.String(), slug: Type.String(), name: Type.String() })),
  partners: Type.Array(Type.Object({
    id: Type.String(), slug: Type.String(), name: Type.String(), kind: Type.String(), appealing: Type.Boolean(),
    partnerType: Type.Union([literals(PARTNER_TYPES), Type.Null()]), refugeeLed: Type.Boolean(), migrantLed: Type.Boolean(),
  })),
  sectors: Type.Array(Type.Object({
    id: Type.String(), code: Type.String(), name: Type.String(), parent: Type.Union([Type.String(), Type.Null()]), leads: Type.Array(Type.String()),
  })),
  invitations: Type.Array(InvitationSchema, { description: 'organisations named but not yet accepted (shown to those who may change the platform)' }),
  can: Type.Object({ update: Type.Boolean({ description: 'add sectors, partners and plans, close months (co-leads)' }) }),
});

export const PlatformListSchema = Type.Array(Type.Object({
  id: Type.String(), slug: Type.String(), name: Type.String(), tier: literals(TIERS), country: Type.Union([Type.String(), Type.Null()]), parentId: Type.Union([Type.String(), Type.Null()]),
}));

export const NewPlatformBody = Type.Object({
  name: Type.String({ maxLength: 300 }), slug: Type.Optional(Type.String({ maxLength: 60 })), tier: literals(TIERS),
  parent: Type.Optional(Type.String({ maxLength: 100 })), situation: Type.Optional(Type.String({ maxLength: 100 })),
  country: Type.Optional(Type.String({ maxLength: 3 })), counting: Type.Optional(literals(COUNTINGS)),
  coLeads: Type.Optional(Type.Array(Type.String({ maxLength: 40 }), { maxItems: 10 })),
}, { additionalProperties: false });

export const NewSectorBody = Type.Object({
  code: Type.String({ maxLength: 40 }), name: Type.String({ maxLength: 200 }), parent: Type.Optional(Type.String({ maxLength: 40 })),
  leads: Type.Array(Type.String({ maxLength: 40 }), { maxItems: 10 }),
}, { additionalProperties: false });

export const PartnerBody = Type.Object({
  organisation: Type.String({ maxLength: 40 }), appealing: Type.Optional(Type.Boolean()), partnerType: Type.Optional(literals(PARTNER_TYPES)),
}, { additionalProperties: false });
