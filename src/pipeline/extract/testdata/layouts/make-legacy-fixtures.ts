// Writes input.html of the layouts served in a legacy encoding (expected.json "encoding":
// gbk or big5) from their source.utf8.html, the copy to edit. Run by hand after an edit:
//   node --import tsx src/pipeline/extract/testdata/layouts/make-legacy-fixtures.ts
// The bytes are made by iconv-lite, so each input.html is a real page in its encoding.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import iconv from 'iconv-lite';

const here = path.dirname(fileURLToPath(import.meta.url));
for (const name of readdirSync(here, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name)) {
  const { encoding } = JSON.parse(readFileSync(path.join(here, name, 'expected.json'), 'utf8')) as { encoding?: string };
  if (encoding === undefined) continue;
  const source = readFileSync(path.join(here, name, 'source.utf8.html'), 'utf8');
  writeFileSync(path.join(here, name, 'input.html'), iconv.encode(source, encoding));
}
