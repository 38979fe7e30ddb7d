import { Type } from '@sinclair/typebox';
import { Iso3, literals } from '../http/schemas.js';

export const SITUATION_KINDS = ['cross-border', 'internal', 'disaster'] as const;
export type SituationKind = (typeof SITUATION_KINDS)[number];

export const SituationSchema = Type.Object({
  id: Type.String(), slug: Type.String(), name: Type.String(), kind: literals(SITUATION_KINDS), description: Type.String(),
  origins: Type.Array(Type.String()), hosts: Type.Array(Type.String()), areas: Type.Array(Type.String()),
  createdAt: Type.String(),
});

export const NewSituationBody = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 200 }),
  slug: Type.Optional(Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,59}$' })),
  kind: Type.Optional(literals(SITUATION_KINDS)),
  origins: Type.Array(Iso3, { maxItems: 50 }),
  hosts: Type.Array(Iso3, { minItems: 1, maxItems: 50 }),
  areas: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 40 }), { maxItems: 500 })),
  description: Type.Optional(Type.String({ maxLength: 4000 })),
}, { additionalProperties: false });

export const RefParams = Type.Object({ ref: Type.String({ minLength: 1, maxLength: 100, description: 'situation id or slug' }) });
