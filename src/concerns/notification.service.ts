import type { Kysely } from 'kysely';
import type { Access } from '../access/index.js';
import type { Ctx } from '../core/actor.js';
import { NotFoundError } from '../core/errors.js';
import { newId } from '../core/ids.js';
import type { DB } from '../core/tables.js';
import { member } from '../core/validate.js';
import { ACTING_ROLES, AGENCIES, CONCERN_STATUSES, LEVELS, type Level } from './concerns.rules.js';
import { inputCheck } from '../core/validate.js';
import { NOTIFICATION_KINDS, NotificationListQuery, type NotificationKind } from './concerns.schemas.js';
import type { Mailer } from './mailer.js';

/** How many times the outbox tries an e-mail before it gives up on it (the in-app notification stays). */
const MAX_ATTEMPTS = 5;
const checkListQuery = inputCheck(NotificationListQuery, 'list of notifications');

const SUBJECTS: Record<NotificationKind, string> = {
  raised: 'An issue of concern was raised',
  escalated: 'An issue of concern was escalated',
  reached_chiefs_of_staff: 'An issue of concern reached the Chiefs of Staff liaison pair',
  resolution_proposed: 'A resolution awaits your agency\'s acknowledgement',
  resolved: 'An issue of concern was resolved',
  refused: 'A proposed resolution was refused',
};

/** What a notice is about, for the recipients: who acts at the level, and who raised the concern. */
export interface Notice { concernId: string; kind: NotificationKind; level: Level; raisedBy: string | null; actorUserId: string | null }

/**
 * In-app notifications, per account, read and unread; and their e-mail, when SMTP is configured, through an
 * outbox: the notice is written in the transaction of the change and mailed after it commits, so a change
 * that rolled back mails nobody and a mail server that is down loses nothing (the clock's job retries).
 */
export function createNotificationService(deps: { db: Kysely<DB>; access: Pick<Access, 'check' | 'audit'>; now: () => Date; mailer: Mailer | null }) {
  const { db, access } = deps;

  /** The accounts that act on a concern at this level: the agencies' representatives and coordinators, or the liaison pair. */
  async function actors(q: Kysely<DB>, level: Level): Promise<string[]> {
    const rows = await q.selectFrom('memberships').innerJoin('organisations', 'organisations.id', 'memberships.org_id')
      .innerJoin('users', 'users.id', 'memberships.user_id').select('memberships.user_id')
      .where('organisations.slug', 'in', [...AGENCIES]).where('memberships.role', 'in', [...ACTING_ROLES[level]]).where('users.status', '=', 'active').execute();
    return rows.map((r) => r.user_id);
  }

  return {
    /** Writes the notices of one change, inside its transaction; the account that made the change is not told of it. */
    async notify(q: Kysely<DB>, n: Notice): Promise<void> {
      const to = new Set([...(await actors(q, n.level)), ...(n.raisedBy ? [n.raisedBy] : [])]);
      if (n.actorUserId) to.delete(n.actorUserId);
      if (to.size === 0) return;
      const at = deps.now().toISOString();
      await q.insertInto('notifications').values([...to].map((user_id) => ({
        id: newId(), user_id, concern_id: n.concernId, kind: n.kind, level: n.level, created_at: at, read_at: null,
        email_state: deps.mailer ? 'pending' : 'none', email_attempts: 0,
      }))).execute();
    },

    /** The account's own notifications, newest first, with how many are unread. */
    async list(ctx: Ctx, raw: { unread?: boolean; limit: number; offset: number }) {
      await access.check(ctx, 'notification', 'read', { facts: { userId: ctx.actor.userId ?? undefined } });
      const opts = checkListQuery(raw);
      const userId = ctx.actor.userId ?? '';
      let base = db.selectFrom('notifications').innerJoin('concerns', 'concerns.id', 'notifications.concern_id').where('notifications.user_id', '=', userId);
      if (opts.unread) base = base.where('notifications.read_at', 'is', null);
      const [rows, total, unread] = await Promise.all([
        base.select(['notifications.id', 'notifications.kind', 'notifications.level', 'notifications.created_at', 'notifications.read_at',
          'concerns.id as concern_id', 'concerns.title', 'concerns.status', 'concerns.level as concern_level'])
          .orderBy('notifications.created_at', 'desc').orderBy('notifications.id', 'desc').limit(opts.limit).offset(opts.offset).execute(),
        base.select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow(),
        db.selectFrom('notifications').where('user_id', '=', userId).where('read_at', 'is', null).select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow(),
      ]);
      return {
        items: rows.map((r) => ({
          id: r.id, kind: member(NOTIFICATION_KINDS, r.kind), level: member(LEVELS, r.level), createdAt: r.created_at, read: r.read_at !== null,
          concern: { id: r.concern_id, subject: r.title, status: member(CONCERN_STATUSES, r.status), level: member(LEVELS, r.concern_level) },
        })),
        unread: Number(unread.n), total: Number(total.n), limit: opts.limit, offset: opts.offset,
      };
    },

    /** Marks one of the account's notifications read (another account's is not found). */
    async markRead(ctx: Ctx, id: string): Promise<{ read: number }> {
      const n = await db.selectFrom('notifications').select(['id', 'user_id', 'read_at']).where('id', '=', id).executeTakeFirst();
      await access.check(ctx, 'notification', 'update', { id, facts: { userId: n?.user_id } });
      if (!n) throw new NotFoundError('notification');
      return db.transaction().execute(async (trx) => {
        const r = await trx.updateTable('notifications').set({ read_at: deps.now().toISOString() }).where('id', '=', id).where('read_at', 'is', null).executeTakeFirst();
        await access.audit.record(ctx, { action: 'update', resource: 'notification', objectId: id, outcome: 'allowed' }, trx);
        return { read: Number(r.numUpdatedRows) };
      });
    },

    /**
     * Mails what the outbox holds. Only the concern's subject, its level and where to read it travel: the
     * description stays in Tandem, behind sign-in. A failure is counted, never logged with the address.
     */
    async flushEmail(limit = 100): Promise<{ sent: number; failed: number }> {
      if (!deps.mailer) return { sent: 0, failed: 0 };
      const pending = await db.selectFrom('notifications').innerJoin('users', 'users.id', 'notifications.user_id')
        .innerJoin('concerns', 'concerns.id', 'notifications.concern_id')
        .select(['notifications.id', 'notifications.kind', 'notifications.level', 'notifications.email_attempts', 'users.email', 'concerns.id as concern_id', 'concerns.title', 'concerns.due_at'])
        .where('notifications.email_state', '=', 'pending').orderBy('notifications.created_at').limit(limit).execute();
      let sent = 0;
      let failed = 0;
      for (const p of pending) {
        const kind = member(NOTIFICATION_KINDS, p.kind);
        const text = [
          `${SUBJECTS[kind]}: ${p.title}`, '', `Level: ${p.level.replaceAll('_', ' ')}`,
          ...(p.due_at ? [`Due: ${p.due_at}`] : []), `Read it in Tandem: /concerns/${p.concern_id}`, '',
          'You receive this because you act on issues of concern for your agency in Tandem.',
        ].join('\n');
        // Claimed first, so that two processes (the server's job, the CLI) never mail the same notice twice.
        const claimed = await db.updateTable('notifications').set({ email_state: 'sending' }).where('id', '=', p.id).where('email_state', '=', 'pending').executeTakeFirst();
        if (Number(claimed.numUpdatedRows) !== 1) continue;
        try {
          await deps.mailer.send({ to: p.email, subject: `[Tandem] ${SUBJECTS[kind]}: ${p.title}`, text });
          await db.updateTable('notifications').set({ email_state: 'sent', email_attempts: p.email_attempts + 1 }).where('id', '=', p.id).execute();
          sent++;
        } catch {
          const attempts = p.email_attempts + 1;
          await db.updateTable('notifications').set({ email_state: attempts >= MAX_ATTEMPTS ? 'failed' : 'pending', email_attempts: attempts }).where('id', '=', p.id).execute();
          failed++;
        }
      }
      return { sent, failed };
    },
  };
}

export type NotificationService = ReturnType<typeof createNotificationService>;
