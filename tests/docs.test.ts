import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { attributesMarkdown } from '../src/network/attributes-markdown.js';
import { sharedOptionsMarkdown } from '../src/assignment/index.js';

it('docs/network-format.md carries the tables generated from src/network/attributes.ts', () => {
  const path = join(import.meta.dirname, '..', 'docs', 'network-format.md');
  const doc = readFileSync(path, 'utf8');
  const generated = `<!-- BEGIN GENERATED -->\n${attributesMarkdown()}\n<!-- END GENERATED -->`;
  const current = doc.replace(/<!-- BEGIN GENERATED -->[\s\S]*<!-- END GENERATED -->/, generated);
  // UPDATE_GOLDEN=1 rewrites the doc; otherwise a drift between code and doc fails here.
  if (process.env.UPDATE_GOLDEN) writeFileSync(path, current);
  expect(doc).toBe(current);
});

it('docs/options.md carries the table generated from the shared option table (src/assignment/option-table.ts)', () => {
  const path = join(import.meta.dirname, '..', 'docs', 'options.md');
  const doc = readFileSync(path, 'utf8');
  const current = doc.replace(/<!-- BEGIN GENERATED -->[\s\S]*<!-- END GENERATED -->/, `<!-- BEGIN GENERATED -->\n${sharedOptionsMarkdown()}\n<!-- END GENERATED -->`);
  if (process.env.UPDATE_GOLDEN) writeFileSync(path, current);
  expect(doc).toBe(current);
});
