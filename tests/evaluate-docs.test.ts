import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { upgradeAttributesMarkdown } from '../src/evaluate/index.js';

it('docs/candidates-format.md carries the upgrade table generated from UPGRADE_ATTRIBUTES', () => {
  const path = join(import.meta.dirname, '..', 'docs', 'candidates-format.md');
  const doc = readFileSync(path, 'utf8');
  const current = doc.replace(/<!-- BEGIN GENERATED -->[\s\S]*<!-- END GENERATED -->/, `<!-- BEGIN GENERATED -->\n${upgradeAttributesMarkdown()}\n<!-- END GENERATED -->`);
  // UPDATE_GOLDEN=1 rewrites the doc; otherwise a drift between code and doc fails here.
  if (process.env.UPDATE_GOLDEN) writeFileSync(path, current);
  expect(doc).toBe(current);
});
