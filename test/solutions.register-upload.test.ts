/**
 * The voluntariness register from a file (issue 14, item 4): the template downloads as XLSX and HXL CSV, and a
 * filled one uploads back all or nothing, every problem named by row and column; the same file twice changes
 * nothing; the actor and the operation are checked before the body is read.
 */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createApp, type App } from '../src/app.js';
import { operatorCtx } from '../src/core/actor.js';
import type { Role } from '../src/core/permissions.js';
import { buildServer, type Server } from '../src/http/server.js';
import { as, makeUser, signIn, type Session } from './helpers/auth.js';
import { describeEachEngine, freshDb, type TestDb } from './helpers/engines.js';

describeEachEngine('the voluntariness register uploaded from a template', (engine) => {
  let t: TestDb;
  let app: App;
  let server: Server;
  let operation = '';
  const users: Record<string, Session> = {};
  const client = (name: string) => as(server, users[name]!);
  const upload = (name: string | null, body: Buffer | string, filename: string, id = operation) => server.inject({
    method: 'POST', url: `/api/v1/returns/${id}/declarations/upload?filename=${filename}`, payload: body,
    headers: { 'content-type': 'application/octet-stream', ...(name ? { cookie: users[name]!.cookie, 'x-csrf-token': users[name]!.csrf } : {}) },
  });

  beforeAll(async () => {
    t = await freshDb(engine);
    await t.app.accounts.createOrganisation(operatorCtx(), { slug: 'test-ngo', name: 'A partner (test)', kind: 'ngo' });
    app = createApp(t.database);
    server = await buildServer(app);
    const people: Array<[string, string, Role]> = [['unhcrCoord', 'unhcr', 'coordinator'], ['unhcrViewer', 'unhcr', 'viewer'], ['iomCoord', 'iom', 'coordinator'], ['ngo', 'test-ngo', 'coordinator']];
    for (const [name, org, role] of people) users[name] = await signIn(server, (await makeUser(app, [[org, role]], { email: `${name.toLowerCase()}-${engine}@register.test.invalid` })).email);
    const opened = await client('unhcrCoord').post('/api/v1/returns', { name: 'Return to Burundi (register test)', origin: 'BDI', host: 'TZA', caseload: { REF: 7 } });
    expect(opened.statusCode, opened.body).toBe(201);
    operation = opened.json().id;
  });
  afterAll(async () => { await server.close(); await t.dispose(); });

  const CSV_HEAD = 'Reference,Unit,People,Free,Informed,Express,Declared on\n#beneficiary+code,#beneficiary+type,#beneficiary+num,#status+free,#status+informed,#status+express,#date+declared\n';

  it('offers the template as HXL CSV and as XLSX, with the hashtags it reads back', async () => {
    const csv = await client('unhcrCoord').get(`/api/v1/returns/${operation}/declarations/template?format=hxl`);
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-disposition']).toContain('voluntariness-register-template.hxl.csv');
    expect(csv.body.split(/\r?\n/)[1]).toBe('#beneficiary+code,#beneficiary+type,#beneficiary+num,#status+free,#status+informed,#status+express,#date+declared');
    const xlsx = await client('unhcrCoord').get(`/api/v1/returns/${operation}/declarations/template?format=xlsx`);
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');
    // Those who do not keep the register are not given its template; others are told "not found".
    expect((await client('unhcrViewer').get(`/api/v1/returns/${operation}/declarations/template`)).statusCode).toBe(403);
    expect((await client('ngo').get(`/api/v1/returns/${operation}/declarations/template`)).statusCode).toBe(404);
  });

  it('refuses a file with faults as a whole, naming each row and column', async () => {
    const bad = `${CSV_HEAD}HH-1,household,4,yes,yes,yes,2026-02-10\nP-2,persn,1,yes,maybe,yes,2026-02-31\n,person,1,yes,yes,yes,2026-02-10\n`;
    const r = await upload('unhcrCoord', bad, 'bad.csv');
    expect(r.statusCode, r.body).toBe(422);
    expect(r.json().details).toEqual([
      { file: 'bad.csv', row: 4, column: '#beneficiary+type', message: '"persn" is not "person" or "household"' },
      { file: 'bad.csv', row: 4, column: '#status+informed', message: '"maybe" is not yes or no' },
      { file: 'bad.csv', row: 4, column: '#date+declared', message: '"2026-02-31" is not a day (YYYY-MM-DD)' },
      { file: 'bad.csv', row: 5, column: '#beneficiary+code', message: 'the registration reference is missing' },
    ]);
    // Nothing was saved, not even the good row.
    expect((await client('unhcrCoord').get(`/api/v1/returns/${operation}/declarations`)).json().items).toEqual([]);
    // A person counted as two is the service's rule, still named by row and column.
    const two = await upload('unhcrCoord', `${CSV_HEAD}P-7,person,2,yes,yes,yes,2026-02-10\n`, 'two.csv');
    expect(two.statusCode, two.body).toBe(422);
    expect(two.json().details).toEqual([{ file: 'two.csv', row: 3, column: '#beneficiary+num', message: 'a person\'s declaration counts one person' }]);
    const untagged = await upload('unhcrCoord', 'a,b\n1,2\n', 'plain.csv');
    expect(untagged.statusCode).toBe(422);
  });

  it('adds a filled XLSX template all at once, and the same file twice changes nothing', async () => {
    const template = await client('unhcrCoord').get(`/api/v1/returns/${operation}/declarations/template?format=xlsx`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(template.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    ws.addRow(['HH-001', 'household', 4, 'yes', 'yes', 'yes', new Date('2026-02-10T00:00:00Z')]);
    ws.addRow(['P-002', 'person', 1, 'yes', 'no', 'yes', '2026-02-11']);
    ws.addRow(['P-003', 'person', '', 'Yes', 'YES', 'y', '2026-02-12']);
    const filled = Buffer.from(await wb.xlsx.writeBuffer());
    const first = await upload('unhcrCoord', filled, 'register.xlsx');
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toEqual({ file: 'register.xlsx', rowsRead: 3, inserted: 3, unchanged: 0 });
    const op = (await client('unhcrCoord').get(`/api/v1/returns/${operation}`)).json();
    expect(op.voluntariness).toMatchObject({ verified: 5, missing: 2, declarations: 3 });
    const again = await upload('unhcrCoord', filled, 'register.xlsx');
    expect(again.json()).toEqual({ file: 'register.xlsx', rowsRead: 3, inserted: 0, unchanged: 3 });
    expect((await client('unhcrCoord').get(`/api/v1/returns/${operation}/declarations`)).json().items).toHaveLength(3);
    // A row already in the register with other answers is refused (withdraw, do not overwrite), naming its row.
    const changed = await upload('unhcrCoord', `${CSV_HEAD}P-002,person,1,yes,yes,yes,2026-02-11\nP-004,person,1,yes,yes,yes,2026-02-11\n`, 'changed.csv');
    expect(changed.statusCode).toBe(422);
    expect(changed.json().details).toEqual([{ file: 'changed.csv', row: 3, column: '#beneficiary+code', message: expect.stringContaining('already in the register with other answers') }]);
    expect((await client('unhcrCoord').get(`/api/v1/returns/${operation}/declarations`)).json().items).toHaveLength(3);
  });

  it('checks the account and the operation before reading the body', async () => {
    const csv = `${CSV_HEAD}P-9,person,1,yes,yes,yes,2026-02-10\n`;
    expect((await upload(null, csv, 'x.csv')).statusCode).toBe(401);
    expect((await upload('ngo', csv, 'x.csv')).statusCode).toBe(404);
    expect((await upload('unhcrCoord', csv, 'x.csv', '00000000-0000-0000-0000-000000000000')).statusCode).toBe(404);
    // IOM supports the return: it reads it, but the lead keeps the register.
    expect((await upload('iomCoord', csv, 'x.csv')).statusCode).toBe(403);
    expect((await upload('unhcrViewer', csv, 'x.csv')).statusCode).toBe(404);
    expect((await client('unhcrCoord').get(`/api/v1/returns/${operation}/declarations`)).json().items).toHaveLength(3);
  });
});
