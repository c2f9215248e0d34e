#!/usr/bin/env node
// The Backstage oracle: judges catalog files the way a Backstage catalog
// backend does, with Backstage's own code, so that paved's parity test
// (catalog/oracle_test.go) can compare verdicts document by document.
//
//   node oracle.js FILE...    judge files
//   node oracle.js --stdin    judge [{"name": ..., "text": ..., "dir": ...}] read as JSON
//
// It prints one JSON array: [{"name", "docs": [{"doc", "ok", "error"}]}],
// doc counting every YAML document from 1 (empty ones are left out).
//
// The steps mirror the catalog backend's processing of a file location:
//  1. parseEntityYaml (@backstage/plugin-catalog-node): yaml.parseAllDocuments
//     with merge keys off; a document with errors, or whose root is not a
//     plain object, is an error; a null document is skipped.
//  2. the envelope check made when a processor emits an entity
//     (entityEnvelopeSchemaValidator).
//  3. PlaceholderProcessor with the default resolvers ($text, $json, $yaml)
//     and the openapi module's ($openapi, $asyncapi). Local files are read
//     relative to the file; URLs are not fetched: $text, $openapi and
//     $asyncapi stand for a string, $json and $yaml for an object.
//  4. the default entity policies of the catalog backend: SchemaValid,
//     DefaultNamespace, NoForeignRootFields, FieldFormat.
//  5. validateEntityKind: BuiltinKindsEntityProcessor's eight validators and
//     the scaffolder's Template v1beta3 validator; none accepting is
//     "No processor recognized the entity ...".
//  6. the relations that BuiltinKindsEntityProcessor (and the scaffolder's
//     processor for Templates) emit, whose references parseEntityRef must read.
'use strict';

const fs = require('fs');
const path = require('path');
const yaml = require('yaml');
const cm = require('@backstage/catalog-model');
const { templateEntityV1beta3Validator } = require('@backstage/plugin-scaffolder-common');

const policy = cm.EntityPolicies.allOf([
  new cm.SchemaValidEntityPolicy(),
  new cm.DefaultNamespaceEntityPolicy(),
  new cm.NoForeignRootFieldsEntityPolicy(),
  new cm.FieldFormatEntityPolicy(),
]);

const kindValidators = [
  cm.apiEntityV1alpha1Validator,
  cm.componentEntityV1alpha1Validator,
  cm.resourceEntityV1alpha1Validator,
  cm.groupEntityV1alpha1Validator,
  cm.locationEntityV1alpha1Validator,
  cm.userEntityV1alpha1Validator,
  cm.systemEntityV1alpha1Validator,
  cm.domainEntityV1alpha1Validator,
  templateEntityV1beta3Validator,
];

const envelope = cm.entityEnvelopeSchemaValidator();

// Relation fields per kind: [field, defaultKind] (undefined: the ref names its kind).
const relationFields = {
  Component: [['owner', 'Group'], ['subcomponentOf', 'Component'], ['providesApis', 'API'],
    ['consumesApis', 'API'], ['dependsOn'], ['dependencyOf'], ['system', 'System']],
  API: [['owner', 'Group'], ['system', 'System']],
  Resource: [['owner', 'Group'], ['dependsOn'], ['dependencyOf'], ['system', 'System']],
  User: [['memberOf', 'Group']],
  Group: [['parent', 'Group'], ['children', 'Group'], ['members', 'User']],
  System: [['owner', 'Group'], ['domain', 'Domain']],
  Domain: [['owner', 'Group'], ['subdomainOf', 'Domain']],
  Template: [['owner', 'Group']],
};

const textResolvers = new Set(['text', 'openapi', 'asyncapi']);
const allResolvers = new Set(['text', 'json', 'yaml', 'openapi', 'asyncapi']);

function isURL(s) {
  return /^[a-zA-Z][a-zA-Z0-9+.-]*:\/\//.test(s);
}

// resolvePlaceholders mirrors PlaceholderProcessor: an object whose only key
// is $<resolver> with a string value is replaced; anything else stays.
function resolvePlaceholders(data, dir) {
  if (!data || typeof data !== 'object') return data;
  if (Array.isArray(data)) return data.map(x => resolvePlaceholders(x, dir));
  const keys = Object.keys(data);
  if (!keys.some(k => k.startsWith('$'))) {
    const out = {};
    for (const k of keys) out[k] = resolvePlaceholders(data[k], dir);
    return out;
  }
  if (keys.length !== 1) return data;
  const resolver = keys[0].slice(1);
  const value = data[keys[0]];
  if (!allResolvers.has(resolver) || typeof value !== 'string') return data;
  if (isURL(value)) {
    return textResolvers.has(resolver) ? `(content of ${value})` : {};
  }
  if (dir === undefined) {
    throw new Error(`Placeholder \$${resolver} could not read ${value}: no base folder`);
  }
  let content;
  try {
    content = fs.readFileSync(path.resolve(dir, value), 'utf8');
  } catch (e) {
    throw new Error(`Placeholder \$${resolver} failed to read ${value}, ${e.message}`);
  }
  if (resolver === 'json') {
    try { return JSON.parse(content); } catch (e) {
      throw new Error(`Placeholder \$json failed to parse JSON data at ${value}, ${e}`);
    }
  }
  if (resolver === 'yaml') {
    const docs = yaml.parseAllDocuments(content).filter(d => d);
    if (docs.length !== 1) throw new Error(`Placeholder \$yaml expected to find exactly one document of data at ${value}, found ${docs.length}`);
    if (docs[0].errors.length) throw new Error(`Placeholder \$yaml failed to parse YAML data at ${value}, ${docs[0].errors[0]}`);
    return docs[0].toJSON();
  }
  return content;
}

function emitRelations(entity) {
  const fields = relationFields[entity.kind];
  if (!fields || !entity.spec) return;
  const ns = entity.metadata.namespace || 'default';
  for (const [field, defaultKind] of fields) {
    const targets = entity.spec[field];
    if (!targets) continue;
    for (const t of [targets].flat()) {
      cm.parseEntityRef(t, { defaultKind, defaultNamespace: ns });
    }
  }
}

async function judgeEntity(json, dir) {
  envelope(json);
  let entity = resolvePlaceholders(json, dir);
  entity = await policy.enforce(entity);
  let valid = false;
  for (const v of kindValidators) {
    if (await v.check(entity)) { valid = true; break; }
  }
  if (!valid) {
    throw new Error(`No processor recognized the entity ${entity.kind}:${entity.metadata.namespace}/${entity.metadata.name} as valid, possibly caused by a foreign kind or apiVersion`);
  }
  emitRelations(entity);
}

async function judge(name, text, dir) {
  const docs = [];
  let all;
  try {
    all = yaml.parseAllDocuments(text, { merge: false });
  } catch (e) {
    return { name, docs: [{ doc: 1, ok: false, error: `Failed to parse YAML, ${e}` }] };
  }
  if (!Array.isArray(all)) all = [all]; // an empty stream
  for (let i = 0; i < all.length; i++) {
    const d = all[i];
    if (!d) continue;
    if (d.errors && d.errors.length) {
      docs.push({ doc: i + 1, ok: false, error: `YAML error, ${d.errors[0].message}` });
      continue;
    }
    let json;
    try {
      json = d.toJSON();
    } catch (e) {
      docs.push({ doc: i + 1, ok: false, error: `YAML error, ${e.message}` });
      continue;
    }
    if (json === null || json === undefined) continue;
    if (typeof json !== 'object' || Array.isArray(json) || Object.getPrototypeOf(json) !== Object.prototype) {
      docs.push({ doc: i + 1, ok: false, error: `Expected object at root, got ${Array.isArray(json) ? 'array' : typeof json}` });
      continue;
    }
    try {
      await judgeEntity(json, dir);
      docs.push({ doc: i + 1, ok: true });
    } catch (e) {
      docs.push({ doc: i + 1, ok: false, error: String(e.message || e) });
    }
  }
  return { name, docs };
}

async function main() {
  const args = process.argv.slice(2);
  let inputs;
  if (args[0] === '--stdin') {
    inputs = JSON.parse(fs.readFileSync(0, 'utf8'));
  } else {
    inputs = args.map(f => ({ name: f, text: fs.readFileSync(f, 'utf8'), dir: path.dirname(f) }));
  }
  const out = [];
  for (const inp of inputs) out.push(await judge(inp.name, inp.text, inp.dir));
  process.stdout.write(JSON.stringify(out) + '\n');
}

main().catch(e => { console.error(e); process.exit(1); });
