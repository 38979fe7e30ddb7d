import { readFileSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { createInterface } from 'node:readline';
import type { Command } from 'commander';
import { operatorCtx } from '../core/actor.js';
import { NotFoundError, ValidationError } from '../core/errors.js';
import type { CliKit } from '../core/module.js';
import { ROLES, type Role } from '../core/permissions.js';
import { table } from '../cli/output.js';
import type { AccountService } from './account.service.js';
import { newAnchorKeys, readAnchor, signAnchor } from './audit-anchor.js';
import type { AuditService } from './audit.service.js';
import { ORGANISATION_KINDS, type OrganisationKind } from './access.schemas.js';

type App = { accounts: AccountService; audit: AuditService };

/** A repeatable option's values. */
const collect = (v: string, all: string[]) => [...all, v];

/** A role named on the command line, refused with the list of roles when unknown. */
function roleArg(role: string): Role {
  const found = ROLES.find((r) => r === role);
  if (!found) throw new ValidationError('unknown role', [{ field: 'role', message: `must be one of ${ROLES.join(', ')}` }]);
  return found;
}

function kindArg(kind: string): OrganisationKind {
  const found = ORGANISATION_KINDS.find((k) => k === kind);
  if (!found) throw new ValidationError('the organisation is not valid', [{ field: 'kind', message: `must be one of ${ORGANISATION_KINDS.join(', ')}` }]);
  return found;
}

/** Reads a password from standard input: the first line when piped, or typed without echo at a terminal. */
async function readPassword(prompt: string): Promise<string> {
  if (!process.stdin.isTTY) {
    const rl = createInterface({ input: process.stdin });
    for await (const line of rl) { rl.close(); return line; }
    return '';
  }
  process.stderr.write(prompt);
  const stdin = process.stdin;
  stdin.setRawMode(true);
  stdin.resume();
  let value = '';
  return new Promise((resolve) => {
    const onData = (buf: Buffer) => {
      for (const ch of buf.toString('utf8')) {
        if (ch === '\r' || ch === '\n') {
          stdin.setRawMode(false); stdin.pause(); stdin.off('data', onData); process.stderr.write('\n'); resolve(value); return;
        }
        if (ch === '\u0003') process.exit(130);
        value = ch === '\u007f' ? value.slice(0, -1) : value + ch;
      }
    };
    stdin.on('data', onData);
  });
}

async function userByEmail(app: App, email: string) {
  const u = await app.accounts.findUserByEmail(email);
  if (!u) throw new NotFoundError('account');
  return u;
}

/** `tandem user|member|org|audit …`: the operator's console for accounts, roles, organisations and the audit chain. */
export function accessCommands(program: Command, cli: CliKit<App>): void {
  const user = program.command('user').description('accounts (the CLI is the operator\'s console: no sign-in, writes audited as operator)');

  user.command('create')
    .description('create an account; the password is read from standard input (never from the command line)')
    .requiredOption('--email <email>', 'email, used to sign in')
    .requiredOption('--name <name>', 'display name')
    .option('--admin', 'make this account a platform administrator (of --org, or of the platform secretariat)')
    .option('--org <slug>', 'organisation of the role below')
    .option('--role <role>', `role in --org (${ROLES.join(', ')})`)
    .action(async (o: { email: string; name: string; admin?: boolean; org?: string; role?: string }) => {
      if ((o.org && !o.role) || (!o.org && o.role)) throw new ValidationError('--org and --role go together', [{ field: 'role', message: 'give both' }]);
      const password = await readPassword('password (at least 12 characters): ');
      await cli.withApp(async (app) => {
        const ctx = operatorCtx();
        const u = await app.accounts.createUser(ctx, { email: o.email, displayName: o.name, password });
        if (o.admin) await app.accounts.addMembership(ctx, { userId: u.id, organisation: o.org ?? 'platform', role: 'platform_admin' });
        if (o.org && o.role) await app.accounts.addMembership(ctx, { userId: u.id, organisation: o.org, role: roleArg(o.role) });
        console.log(`created account ${u.email} (${u.id})${o.admin ? ' as platform administrator' : ''}`);
      });
    });

  user.command('list').description('list accounts').option('--json', 'print JSON').action(async (o: { json?: boolean }) => {
    await cli.withApp(async (app) => {
      const users = await app.accounts.listUsers(operatorCtx());
      if (o.json) return console.log(JSON.stringify(users, null, 2));
      console.log(table(['email', 'name', 'status', 'roles'], users.map((u) => [u.email, u.displayName, u.status, u.memberships.map((m) => `${m.role}@${m.orgSlug}`).join(', ')])));
    });
  });

  for (const [cmd, status] of [['disable', 'disabled'], ['enable', 'active']] as const) {
    user.command(`${cmd} <email>`).description(`${cmd} an account (takes effect on its next request)`).action(async (email: string) => {
      await cli.withApp(async (app) => {
        const u = await userByEmail(app, email);
        await app.accounts.setStatus(operatorCtx(), u.id, status);
        console.log(`${email}: ${status}`);
      });
    });
  }

  user.command('password <email>').description('set a new password (read from standard input); ends the account\'s sessions').action(async (email: string) => {
    const password = await readPassword('new password: ');
    await cli.withApp(async (app) => {
      await app.accounts.setPassword(operatorCtx(), (await userByEmail(app, email)).id, password);
      console.log(`${email}: password changed`);
    });
  });

  const member = program.command('member').description('roles of accounts in organisations');
  member.command('add <email> <org> <role>').description(`give a role (${ROLES.join(', ')})`).action(async (email: string, org: string, role: string) => {
    await cli.withApp(async (app) => {
      const m = await app.accounts.addMembership(operatorCtx(), { userId: (await userByEmail(app, email)).id, organisation: org, role: roleArg(role) });
      console.log(`${email} is ${m.role} of ${m.orgSlug}`);
    });
  });
  member.command('remove <email> <org> <role>').description('remove a role (takes effect on the next request)').action(async (email: string, org: string, role: string) => {
    await cli.withApp(async (app) => {
      const u = await app.accounts.getUser(operatorCtx(), (await userByEmail(app, email)).id);
      const m = u.memberships.find((x) => x.orgSlug === org && x.role === role);
      if (!m) throw new NotFoundError('membership');
      await app.accounts.removeMembership(operatorCtx(), m.id);
      console.log(`${email} is no longer ${role} of ${org}`);
    });
  });

  const org = program.command('org').description('organisations');
  org.command('create')
    .requiredOption('--slug <slug>', 'short name').requiredOption('--name <name>', 'full name')
    .requiredOption('--kind <kind>', 'un_agency, government, asylum_authority, statistics_office, coordination_platform, ngo, academic, other')
    .option('--refugee-led').option('--migrant-led')
    .action(async (o: { slug: string; name: string; kind: string; refugeeLed?: boolean; migrantLed?: boolean }) => {
      await cli.withApp(async (app) => {
        const created = await app.accounts.createOrganisation(operatorCtx(), { ...o, kind: kindArg(o.kind) });
        console.log(`created organisation ${created.slug} (${created.id})`);
      });
    });

  const audit = program.command('audit').description('the tamper-evident audit log');
  audit.command('verify')
    .description('check the whole hash chain, and the anchors given; exits 1 when any entry was modified, deleted or reordered')
    .option('--anchor <file>', 'an anchor signed earlier (tandem audit anchor); repeatable', collect, [])
    .option('--public-key <file>', 'the public key of an agency that signs anchors; repeatable', collect, [])
    .option('--json', 'print JSON')
    .action(async (o: { anchor: string[]; publicKey: string[]; json?: boolean }) => {
      if (o.anchor.length && !o.publicKey.length) throw new ValidationError('an anchor is checked against the public key of the agency that signed it', [{ field: '--public-key', message: 'required with --anchor' }]);
      const keys = o.publicKey.map((f) => readFileSync(f, 'utf8'));
      const anchors = o.anchor.map((f) => readAnchor(readFileSync(f, 'utf8'), keys, basename(f)));
      await cli.withApp(async (app) => {
        const r = await app.audit.verify(anchors);
        if (o.json) console.log(JSON.stringify({ ...r, anchors: anchors.length }, null, 2));
        else if (r.ok) {
          console.log(`audit log intact: ${r.entries} entries${anchors.length ? `, ${anchors.length} anchor(s) reached` : ''}${r.keyed ? '' : ' (unkeyed: it is keyed at the next write)'}`);
        } else {
          for (const p of r.problems) console.error(`entry ${p.seq}: ${p.message}`);
          console.error(`audit log NOT intact: ${r.problems.length} problem(s) in ${r.entries} entries`);
        }
        if (!r.ok) process.exitCode = 1;
      });
    });
  audit.command('anchor')
    .description('print the head of the log signed with your agency\'s private key: publish it or hand it to the other agency, who checks it with verify --anchor')
    .requiredOption('--key <file>', 'your Ed25519 private key (PEM; tandem audit anchor-keys makes one)')
    .requiredOption('--by <org>', 'who anchors (your organisation\'s slug)')
    .action(async (o: { key: string; by: string }) => {
      const privatePem = readFileSync(o.key, 'utf8');
      await cli.withApp(async (app) => {
        const head = await app.audit.head();
        if (!head) throw new ValidationError('the audit log is empty: nothing to anchor', []);
        console.log(JSON.stringify(signAnchor(head, o.by, privatePem), null, 2));
      });
    });
  audit.command('anchor-keys')
    .description('create an Ed25519 key pair for anchoring: PREFIX.key (private, mode 0600) and PREFIX.pub (public, to share)')
    .argument('<prefix>', 'path and name of the two files')
    .action((prefix: string) => {
      const keys = newAnchorKeys();
      writeFileSync(`${prefix}.key`, keys.privatePem, { mode: 0o600, flag: 'wx' });
      writeFileSync(`${prefix}.pub`, keys.publicPem, { flag: 'wx' });
      console.log(`wrote ${prefix}.key (keep it private) and ${prefix}.pub (give it to whoever verifies your anchors)`);
    });
  audit.command('list').description('list entries').option('--after <seq>', 'entries after this number', (v: string) => Number(v)).option('--limit <n>', 'how many', (v: string) => Number(v), 50)
    .option('--json', 'print JSON')
    .action(async (o: { after?: number; limit: number; json?: boolean }) => {
      await cli.withApp(async (app) => {
        const rows = await app.audit.page({ limit: o.limit, afterSeq: o.after });
        if (o.json) return console.log(JSON.stringify(rows, null, 2));
        console.log(table(['seq', 'at', 'actor', 'action', 'resource', 'object', 'outcome'], rows.map((e) => [String(e.seq), e.at, e.actor, e.action, e.resource, e.objectId, e.outcome])));
      });
    });
}
