// Writes the encoded fixtures beside this file. Run once by hand when a fixture changes:
//   node --import tsx src/pipeline/encoding/testdata/make-fixtures.ts
// The bytes are made by iconv-lite, not typed in, so each fixture is a real document in its encoding.
import { writeFileSync } from 'node:fs';
import iconv from 'iconv-lite';

const here = (name: string) => new URL(name, import.meta.url);
const rss = (prolog: string, title: string, item: string) =>
  `${prolog}<rss version="2.0">\n<channel>\n<title>${title}</title>\n<item><title>${item}</title></item>\n</channel>\n</rss>\n`;

writeFileSync(here('gbk.xml'), iconv.encode(rss('<?xml version="1.0" encoding="gb2312"?>\n', '新闻频道', '今日要闻：经济稳定增长'), 'gbk'));
writeFileSync(here('big5.xml'), iconv.encode(rss('<?xml version="1.0" encoding="big5"?>\n', '新聞頻道', '今日要聞：經濟穩定成長'), 'big5'));
writeFileSync(
  here('big5-undeclared.xml'),
  iconv.encode(
    rss(
      '<?xml version="1.0"?>\n',
      '中央社即時新聞',
      '行政院今天召開記者會，說明明年度中央政府總預算案的編列原則，並強調將持續推動經濟發展與社會福利政策，照顧弱勢族群的生活。',
    ),
    'big5',
  ),
);
writeFileSync(here('utf-16le-bom.xml'), iconv.encode(rss('<?xml version="1.0" encoding="utf-16"?>\n', 'Überschrift', 'Grüße – 日本'), 'utf-16le', { addBOM: true }));
writeFileSync(here('utf-16be-no-bom.xml'), iconv.encode(rss('<?xml version="1.0" encoding="utf-16"?>\n', 'Überschrift', 'Grüße – 日本'), 'utf-16be'));
writeFileSync(here('windows-1252-0x80.xml'), iconv.encode(rss('<?xml version="1.0" encoding="iso-8859-1"?>\n', 'Preise', 'Nur 5 € – „günstig“'), 'windows-1252'));
writeFileSync(
  here('meta-charset-late.html'),
  iconv.encode(
    `<!DOCTYPE html>\n<html><head>\n<script>${'var row = "<div class=\"item\">" + i + "</div>";\n'.repeat(100)}</script>\n<!-- <meta charset="koi8-r"> -->\n` +
      `<meta http-equiv="Content-Type" content="text/html; charset=windows-1251">\n<title>Новости</title></head>\n<body><p>Привет, мир</p></body></html>\n`,
    'windows-1251',
  ),
);
