#!/usr/bin/env node
// Runs Backstage's own catalog client (@backstage/catalog-client, pinned in
// package-lock.json) against a running paved serve, for the portal's API
// test (internal/portal/api/client_test.go). It prints one JSON object
// with what each call returned; the Go test asserts it.
//
//   node client.js http://127.0.0.1:PORT/api/catalog

const { CatalogClient } = require('@backstage/catalog-client');

async function main() {
  const baseUrl = process.argv[2];
  const client = new CatalogClient({
    discoveryApi: { getBaseUrl: async () => baseUrl },
    fetchApi: { fetch: (...args) => fetch(...args) },
  });
  const out = {};
  const names = items => items.map(e => (e ? `${e.kind}:${e.metadata.namespace}/${e.metadata.name}` : null));

  const services = await client.getEntities({
    filter: { kind: 'component', 'spec.type': 'service' },
    fields: ['kind', 'metadata.name', 'metadata.namespace'],
    order: { field: 'metadata.name', order: 'asc' },
  });
  out.getEntities = { names: names(services.items), keys: Object.keys(services.items[0] || {}).sort() };

  const anyOf = await client.getEntities({
    filter: [{ kind: 'domain' }, { kind: 'system', 'metadata.name': 'checkout' }],
    order: [{ field: 'kind', order: 'asc' }, { field: 'metadata.name', order: 'desc' }],
  });
  out.getEntitiesAnyOf = names(anyOf.items);

  const first = await client.queryEntities({
    filter: { kind: ['user', 'group'] },
    orderFields: { field: 'metadata.name', order: 'asc' },
    limit: 3,
    fields: ['kind', 'metadata.name', 'metadata.namespace'],
  });
  const pages = [names(first.items)];
  let page = first;
  while (page.pageInfo.nextCursor && pages.length < 10) {
    page = await client.queryEntities({ cursor: page.pageInfo.nextCursor, limit: 3, fields: ['kind', 'metadata.name', 'metadata.namespace'] });
    pages.push(names(page.items));
  }
  const back = await client.queryEntities({ cursor: page.pageInfo.prevCursor, limit: 3 });
  out.queryEntities = { totalItems: first.totalItems, pages, back: names(back.items) };

  const search = await client.queryEntities({ fullTextFilter: { term: 'orders deliv' } });
  out.fullText = names(search.items);

  const orders = await client.getEntityByRef('component:default/orders');
  out.getEntityByRef = {
    name: orders.metadata.name,
    uid: typeof orders.metadata.uid,
    owner: orders.relations.filter(r => r.type === 'ownedBy').map(r => r.targetRef),
  };
  out.getEntityByRefMissing = (await client.getEntityByRef('component:default/nope')) === undefined;

  const facets = await client.getEntityFacets({ facets: ['kind', 'spec.lifecycle'], filter: { kind: 'component' } });
  out.getEntityFacets = facets.facets;

  const byRefs = await client.getEntitiesByRefs({
    entityRefs: ['component:default/orders', 'component:default/nope', 'group:default/engineering'],
    fields: ['kind', 'metadata.name', 'metadata.namespace'],
  });
  out.getEntitiesByRefs = names(byRefs.items);

  try {
    await client.getEntities({ filter: { 'spec..type': 'x' } });
    out.badFilter = 'no error';
  } catch (e) {
    out.badFilter = { name: e.name, cause: e.cause && e.cause.name, status: e.response && e.response.status };
  }
  process.stdout.write(JSON.stringify(out, null, 2) + '\n');
}

main().catch(e => {
  process.stderr.write(`${e.stack || e}\n`);
  process.exit(1);
});
