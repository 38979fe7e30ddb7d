import type { Access } from '../access/index.js';
import type { Kysely } from 'kysely';
import type { Ctx } from '../core/actor.js';
import { ConflictError, NotFoundError, ValidationError } from '../core/errors.js';
import type { EventBus } from '../core/events.js';
import { newId } from '../core/ids.js';
import type { DB } from '../core/tables.js';
import { inputCheck } from '../core/validate.js';
import { returnsRepo as repo } from './returns.repo.js';
import { AssistanceBody, AvrrCaseBody } from './returns.schemas.js';
import type { ReturnService } from './returns.service.js';
import type { AvrrAssistanceTable, AvrrCaseTable } from './solutions.tables.js';

const checkCase = inputCheck(AvrrCaseBody, 'AVRR case');
const checkAssistance = inputCheck(AssistanceBody, 'reintegration assistance');

/**
 * Assisted voluntary return and reintegration (IOM-led returns of migrants): the cases of an operation, by
 * IOM's case number, and the reintegration assistance each received, planned and delivered.
 */
export function createAvrrService(deps: {
  db: Kysely<DB>; events: EventBus; now: () => Date; returns: Pick<ReturnService, 'load'>; access: Pick<Access, 'audit'>;
}) {
  const { db } = deps;

  function present(c: AvrrCaseTable, assistance: readonly AvrrAssistanceTable[]) {
    const mine = assistance.filter((a) => a.case_id === c.id);
    const delivered = mine.filter((a) => a.status === 'delivered');
    return {
      id: c.id, operation: c.operation_id, reference: c.reference, people: Number(c.people), returnedOn: c.returned_on,
      assistance: mine.map((a) => ({ id: a.id, kind: a.kind, amountUsd: a.amount_usd === null ? null : Number(a.amount_usd), status: a.status, plannedOn: a.planned_on, deliveredOn: a.delivered_on })),
      reintegration: { planned: mine.length - delivered.length, delivered: delivered.length, deliveredUsd: delivered.reduce((n, a) => n + Number(a.amount_usd ?? 0), 0) },
    };
  }

  async function caseOf(ctx: Ctx, id: string, action: 'read' | 'update') {
    const c = await repo.avrrCase(db, id);
    if (!c) throw new NotFoundError('AVRR case');
    // The case is seen and changed by whoever may see and change its operation (hidden: not found).
    await deps.returns.load(ctx, c.operation_id, action).catch((e: unknown) => { throw e instanceof NotFoundError ? new NotFoundError('AVRR case') : e; });
    return c;
  }

  return {
    async list(ctx: Ctx, operationId: string) {
      await deps.returns.load(ctx, operationId);
      const cases = await repo.avrrCases(db, operationId);
      const assistance = await repo.assistance(db, cases.map((c) => c.id));
      return { items: cases.map((c) => present(c, assistance)) };
    },

    /** Opens an AVRR case on an IOM-led return of migrants. */
    async open(ctx: Ctx, operationId: string, raw: unknown) {
      const input = checkCase(raw);
      const op = await deps.returns.load(ctx, operationId, 'update');
      if (op.programme !== 'assisted-voluntary-return-and-reintegration') throw new ConflictError('AVRR cases belong to an IOM-led return of migrants; this is a voluntary repatriation');
      if ((await repo.avrrCases(db, operationId)).some((c) => c.reference === input.reference.trim())) {
        throw new ValidationError('the AVRR case is not valid', [{ field: 'reference', message: `"${input.reference.trim()}" is already a case of this return` }]);
      }
      const row: AvrrCaseTable = {
        id: newId(), operation_id: operationId, reference: input.reference.trim(), people: input.people, returned_on: input.returnedOn ?? null,
        created_by: ctx.actor.label, created_at: deps.now().toISOString(),
      };
      await deps.events.transaction(async (tx) => {
        await repo.insertAvrrCase(tx.db, row);
        await deps.access.audit.record(ctx, { action: 'update', resource: 'return_operation', objectId: operationId, outcome: 'allowed', concernedOrgs: [op.lead_org_id] }, tx.db);
      });
      return present(row, []);
    },

    /** Records reintegration assistance planned for, or delivered to, a case. */
    async assist(ctx: Ctx, caseId: string, raw: unknown) {
      const input = checkAssistance(raw);
      const c = await caseOf(ctx, caseId, 'update');
      if (input.status === 'delivered' && !input.deliveredOn) throw new ValidationError('the assistance is not valid', [{ field: 'deliveredOn', message: 'when it was delivered' }]);
      await deps.events.transaction(async (tx) => {
        await repo.insertAssistance(tx.db, {
          id: newId(), case_id: c.id, kind: input.kind, amount_usd: input.amountUsd ?? null, status: input.status, planned_on: input.plannedOn,
          delivered_on: input.deliveredOn ?? null, recorded_by: ctx.actor.label, recorded_at: deps.now().toISOString(),
        });
        await deps.access.audit.record(ctx, { action: 'update', resource: 'return_operation', objectId: c.operation_id, outcome: 'allowed' }, tx.db);
      });
      return present(c, await repo.assistance(db, [c.id]));
    },
  };
}

export type AvrrService = ReturnType<typeof createAvrrService>;
