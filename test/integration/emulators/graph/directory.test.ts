import { adele, alex, call, contoso, GraphErrorShape, GraphKit, megan, rosa, startGraph } from './graph-test-kit';

let kit: GraphKit;
let app: string;

beforeAll(async () => {
  kit = await startGraph();
  app = await kit.appToken(['User.Read.All']);
});
afterAll(() => kit.close());

type User = Record<string, unknown> & { id: string; displayName: string };
type Page = { '@odata.context': string; '@odata.nextLink'?: string; value: User[] };

describe('/me and /users', () => {
  it('/me is the signed-in user with Graph’s default user properties', async () => {
    const res = await call<User>(kit.url, '/v1.0/me', { token: await kit.userToken(adele.id) });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      '@odata.context': `${kit.url}/v1.0/$metadata#users/$entity`,
      businessPhones: adele.businessPhones,
      displayName: adele.displayName,
      givenName: adele.givenName,
      jobTitle: adele.jobTitle,
      mail: adele.mail,
      mobilePhone: null,
      officeLocation: null,
      preferredLanguage: adele.preferredLanguage,
      surname: adele.surname,
      userPrincipalName: adele.userPrincipalName,
      id: adele.id,
    });
  });

  it('a user is found by object id and by userPrincipalName in any case', async () => {
    const byId = await call<User>(kit.url, `/v1.0/users/${megan.id}`, { token: app });
    const byUpn = await call<User>(kit.url, `/v1.0/users/${megan.userPrincipalName.toUpperCase()}`, { token: app });
    expect(byId.status).toBe(200);
    expect(byUpn.body.id).toBe(megan.id);
    expect(byUpn.body.displayName).toBe(megan.displayName);
  });

  it('$select returns only the selected properties and the context names them', async () => {
    const res = await call<User>(kit.url, `/v1.0/users/${alex.id}?$select=displayName,mail,accountEnabled`, { token: app });
    expect(res.body).toEqual({
      '@odata.context': `${kit.url}/v1.0/$metadata#users(displayName,mail,accountEnabled)/$entity`,
      displayName: alex.displayName,
      mail: alex.mail,
      accountEnabled: true,
    });
  });

  it('the user list holds the caller’s tenant only', async () => {
    const res = await call<Page>(kit.url, '/v1.0/users?$select=id', { token: app });
    expect(res.status).toBe(200);
    expect(res.body['@odata.context']).toBe(`${kit.url}/v1.0/$metadata#users(id)`);
    expect(res.body.value.map((u) => u.id).sort()).toEqual(contoso.users.map((u) => u.id).sort());
  });

  it('$filter on mail and userPrincipalName finds the user', async () => {
    const byMail = await call<Page>(kit.url, `/v1.0/users?$filter=${encodeURIComponent(`mail eq '${alex.mail!.toUpperCase()}'`)}`, {
      token: app,
    });
    expect(byMail.body.value.map((u) => u.id)).toEqual([alex.id]);
    const byUpn = await call<Page>(
      kit.url,
      `/v1.0/users?$filter=${encodeURIComponent(`userPrincipalName eq '${megan.userPrincipalName}' or startswith(displayName,'Adele')`)}`,
      {
        token: app,
      },
    );
    expect(byUpn.body.value.map((u) => u.id).sort()).toEqual([adele.id, megan.id].sort());
  });

  it('$top pages users with $skiptoken next links', async () => {
    const ids: string[] = [];
    let next: string | undefined = `${kit.url}/v1.0/users?$top=3&$orderby=displayName`;
    while (next) {
      const res: { status: number; body: Page } = await call<Page>(next, '', { token: app });
      expect(res.status).toBe(200);
      ids.push(...res.body.value.map((u) => u.id));
      next = res.body['@odata.nextLink'];
      if (next) expect(next).toContain('skiptoken');
    }
    expect(ids).toHaveLength(contoso.users.length);
    expect(new Set(ids).size).toBe(contoso.users.length);
  });

  it('a user of another tenant is not found', async () => {
    const res = await call<GraphErrorShape>(kit.url, `/v1.0/users/${rosa.id}`, { token: app });
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('Request_ResourceNotFound');
  });

  it('filters Entra does not support, unknown $select properties and $expand are 400s', async () => {
    const filter = await call<GraphErrorShape>(kit.url, `/v1.0/users?$filter=${encodeURIComponent("city eq 'Paris'")}`, { token: app });
    expect(filter.status).toBe(400);
    expect(filter.body.error.code).toBe('Request_UnsupportedQuery');
    const select = await call<GraphErrorShape>(kit.url, '/v1.0/users?$select=shoeSize', { token: app });
    expect(select.status).toBe(400);
    expect(select.body.error.code).toBe('BadRequest');
    const top = await call<GraphErrorShape>(kit.url, '/v1.0/users?$top=1000', { token: app });
    expect(top.body.error.code).toBe('Request_UnsupportedQuery');
  });
});

describe('/organization', () => {
  it('lists the caller’s organization with its verified domains', async () => {
    const res = await call<{ '@odata.context': string; value: Record<string, unknown>[] }>(kit.url, '/v1.0/organization', {
      token: await kit.appToken(['Directory.Read.All']),
    });
    expect(res.status).toBe(200);
    expect(res.body['@odata.context']).toBe(`${kit.url}/v1.0/$metadata#organization`);
    expect(res.body.value).toHaveLength(1);
    const org = res.body.value[0]!;
    expect(org.id).toBe(contoso.id);
    expect(org.displayName).toBe(contoso.displayName);
    expect(org.verifiedDomains).toEqual([
      {
        capabilities: 'Email, OfficeCommunicationsOnlineService',
        isDefault: true,
        isInitial: false,
        name: 'contoso.example',
        type: 'Managed',
      },
      {
        capabilities: 'Email, OfficeCommunicationsOnlineService',
        isDefault: false,
        isInitial: true,
        name: 'contoso.onmicrosoft.com',
        type: 'Managed',
      },
    ]);
  });

  it('a signed-in user reads it with User.Read and may $select', async () => {
    const res = await call<{ value: Record<string, unknown>[] }>(kit.url, '/v1.0/organization?$select=id,verifiedDomains', {
      token: await kit.userToken(alex.id, 'User.Read'),
    });
    expect(res.status).toBe(200);
    expect(Object.keys(res.body.value[0]!)).toEqual(['id', 'verifiedDomains']);
  });

  it('by id it is the caller’s own organization, and another id is not found', async () => {
    const token = await kit.appToken(['Directory.Read.All']);
    const own = await call<Record<string, unknown>>(kit.url, `/v1.0/organization/${contoso.id}`, { token });
    expect(own.status).toBe(200);
    expect(own.body.id).toBe(contoso.id);
    const other = await call<GraphErrorShape>(kit.url, `/v1.0/organization/${rosa.id}`, { token });
    expect(other.status).toBe(404);
    expect(other.body.error.code).toBe('Request_ResourceNotFound');
  });
});

describe('the control surface', () => {
  it('a tenant added through POST /_emulator/tenants is served to tokens of that tenant', async () => {
    const tenant = {
      id: '9a1b2c3d-0000-4000-8000-00000000beef',
      displayName: 'Northwind (test)',
      verifiedDomains: ['northwind.example', 'northwind.onmicrosoft.com'],
      users: [
        {
          ...alex,
          id: '9a1b2c3d-0000-4000-8000-000000000001',
          userPrincipalName: 'nancy@northwind.example',
          mail: 'nancy@northwind.example',
          displayName: 'Nancy',
        },
      ],
    };
    const added = await call(kit.url, '/_emulator/tenants', { method: 'POST', body: tenant });
    expect(added.status).toBe(201);
    const res = await call<Page>(kit.url, '/v1.0/users', { token: await kit.appToken(['User.Read.All'], { tid: tenant.id }) });
    expect(res.body.value.map((u) => u.displayName)).toEqual(['Nancy']);
    const state = await call<{ tenants: { id: string; users: number }[] }>(kit.url, '/_emulator/state');
    expect(state.body.tenants).toContainEqual({ id: tenant.id, displayName: tenant.displayName, users: 1 });
  });

  it('a malformed tenant is refused', async () => {
    const res = await call<GraphErrorShape>(kit.url, '/_emulator/tenants', { method: 'POST', body: { id: 'x' } });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('BadRequest');
  });
});
