// Two JSON Schema 2020-12 validators nobody at carekit wrote, on carekit's published schemas.
//
//   node validate.mjs SCHEMA_DIR < cases.ndjson > verdicts.ndjson
//
// Loads carekit's dialect (SCHEMA_DIR/meta/carekit.schema.json, the $schema of every published
// schema) and every *.schema.json of SCHEMA_DIR (the per-kind files and the bundle) into ONE
// ajv 8 instance (strict mode, ajv-formats, the dialect as a meta-schema, carekit's x- keywords
// declared as a vocabulary) and into @hyperjump/json-schema (the dialect registered; nothing
// else set: its $vocabulary makes hyperjump assert formats).  Each input line is
// {"schema": "<file name>", "instance": <any JSON>}; each output line is
// {"ajv": true|false, "hyperjump": true|false} for the same line.  An empty input prints the
// loaded $ids (a portability check).  Exit status 2 when a schema does not load.
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { createInterface } from "node:readline";

import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { registerSchema, validate } from "@hyperjump/json-schema/draft-2020-12";
import "@hyperjump/json-schema/formats";

const dir = process.argv[2];
if (!dir) {
  console.error("usage: node validate.mjs SCHEMA_DIR < cases.ndjson");
  process.exit(64);
}
const dialect = JSON.parse(readFileSync(join(dir, "meta", "carekit.schema.json"), "utf8"));
const files = readdirSync(dir).filter((name) => name.endsWith(".schema.json")).sort();
const schemas = Object.fromEntries(
  files.map((name) => [name, JSON.parse(readFileSync(join(dir, name), "utf8"))]),
);

// the strictest ajv there is: every strict option an error, not a warning
// carekit's annotation keywords (x-label, x-enumLabels, …; listed in docs/portability.md):
// validators ignore them, strict ajv must be told they exist.  Read from the schemas, so that a
// new one needs no change here; the Python tests check that the docs list every one.
const keywords = new Set();
const collect = (node) => {
  if (Array.isArray(node)) node.forEach(collect);
  else if (node && typeof node === "object") {
    for (const [key, value] of Object.entries(node)) {
      if (key.startsWith("x-")) keywords.add(key);
      else collect(value);
    }
  }
};
Object.values(schemas).forEach(collect);

const ajv = new Ajv2020({
  strict: true,
  strictTypes: true,
  strictTuples: true,
  strictRequired: true,
  allErrors: false,
});
addFormats(ajv);
ajv.addVocabulary([...keywords].sort());

const ajvValidators = {};
const hyperjumpValidators = {};
try {
  ajv.addMetaSchema(dialect);
  registerSchema(dialect);
  for (const [name, schema] of Object.entries(schemas)) {
    ajv.addSchema(schema);
    registerSchema(schema);
  }
  for (const [name, schema] of Object.entries(schemas)) {
    ajvValidators[name] = ajv.getSchema(schema.$id);
    hyperjumpValidators[name] = await validate(schema.$id);
  }
} catch (error) {
  console.error(`a schema does not load: ${error.message}`);
  process.exit(2);
}

const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
let count = 0;
for await (const line of lines) {
  if (!line.trim()) continue;
  // "text": the instance as JSON text, read by JSON.parse (a repeated member name: last wins)
  const { schema, instance: given, text } = JSON.parse(line);
  const instance = text === undefined ? given : JSON.parse(text);
  const ajvValid = ajvValidators[schema](instance);
  const hyperjumpValid = hyperjumpValidators[schema](instance).valid;
  process.stdout.write(JSON.stringify({ ajv: ajvValid, hyperjump: hyperjumpValid }) + "\n");
  count += 1;
}
if (count === 0) {
  const loaded = [dialect.$id, ...Object.values(schemas).map((s) => s.$id)];
  process.stdout.write(JSON.stringify({ loaded }) + "\n");
}
