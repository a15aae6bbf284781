// The options table, written out for people: the commented tidings.yaml that `tidings init`
// creates, and the table in the README. Both list every option with its default, its
// environment variable and its one-line doc, so neither can drift from what is loaded.
import { stringify } from 'yaml';
import { OPTIONS, SECTION_DOCS, type OptionSpec } from './options.ts';

const HEADER = `# tidings.yaml: the configuration of this Tidings workspace.
#
# Every option is listed with its default; change what you need and leave the rest.
# Each can also be set by the environment variable named beside it (TIDINGS_…),
# which wins over this file; command-line flags win over both.
# Durations: 90s, 15m, 24h, 1d. Sizes: 512KB, 20MB (KB = 1024 bytes).
# Maps given in the environment: JSON or k=v,k=v; lists: JSON or a,b,c.
`;

/** A YAML scalar as it would be written on one line: quoted only when it has to be. */
function yamlScalar(value: unknown): string {
  return stringify(value, { lineWidth: 0 }).trimEnd();
}

/** The comment above one option: its doc, then its type, environment variable and flag. */
function optionComment(spec: OptionSpec, indent: string): string {
  const facts = [spec.type.name, `env ${spec.env}`, ...(spec.flag ? [`flag ${spec.flag}`] : [])];
  return `${indent}# ${spec.doc}\n${indent}# ${facts.join(' · ')}\n`;
}

/** "name: value" for one option, maps and lists written out one entry a line. */
function optionLines(spec: OptionSpec, name: string, indent: string): string {
  const value = spec.default;
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.length === 0) return `${indent}${name}: []\n`;
    return `${indent}${name}:\n${value.map((item) => `${inner}- ${yamlScalar(item)}\n`).join('')}`;
  }
  if (typeof value === 'object' && value !== null && Object.keys(value).length === 0 && spec.example) {
    // Empty by default: the key alone (read as empty), then an entry to copy, commented out.
    return `${indent}${name}:\n${spec.example.split('\n').map((line) => `${inner}# ${line}\n`).join('')}`;
  }
  if (typeof value === 'object' && value !== null) {
    const lines = Object.entries(value).map(([key, item]) => {
      const doc = spec.entryDocs?.[key];
      return `${doc ? `${inner}# ${doc}\n` : ''}${inner}${yamlScalar(key)}: ${yamlScalar(item)}\n`;
    });
    return `${indent}${name}:\n${lines.join('')}`;
  }
  return `${indent}${name}: ${yamlScalar(value)}\n`;
}

/** The commented tidings.yaml `tidings init` writes: every option at its default, with its doc and TIDINGS_* name. */
export function renderConfigYaml(): string {
  const parts = [HEADER];
  let section: string | null = null;
  for (const spec of OPTIONS) {
    const dot = spec.key.indexOf('.');
    if (dot < 0) {
      section = null;
      parts.push(`\n${optionComment(spec, '')}${optionLines(spec, spec.key, '')}`);
      continue;
    }
    const name = spec.key.slice(dot + 1);
    const owner = spec.key.slice(0, dot);
    if (owner !== section) {
      section = owner;
      const doc = SECTION_DOCS[owner];
      parts.push(`\n${doc ? `# ${doc}\n` : ''}${owner}:\n`);
    } else {
      parts.push('\n');
    }
    parts.push(`${optionComment(spec, '  ')}${optionLines(spec, name, '  ')}`);
  }
  return parts.join('');
}

/** Text safe inside a Markdown table cell. */
function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function code(text: string): string {
  return `\`${text}\``;
}

/** A default as the README shows it: short, long maps cut after a few entries. */
function defaultText(value: unknown): string {
  if (Array.isArray(value)) return code(JSON.stringify(value));
  if (typeof value === 'object' && value !== null) {
    if (Object.keys(value).length === 0) return code('{}');
    const entries = Object.entries(value).map(([key, item]) => code(`${key}: ${String(item)}`));
    return entries.length <= 4 ? entries.join(', ') : `${entries.slice(0, 3).join(', ')}, … (${entries.length} in all)`;
  }
  return code(value === null ? 'null' : String(value));
}

/** The options as a Markdown table for the README: key, type, default, environment variable, doc. */
export function optionsMarkdownTable(): string {
  const rows = OPTIONS.map((spec) => {
    const doc = spec.flag ? `${spec.doc} Flag: ${code(spec.flag)}.` : spec.doc;
    return `| ${[code(spec.key), spec.type.name, defaultText(spec.default), code(spec.env), doc].map(cell).join(' | ')} |`;
  });
  return ['| Option | Type | Default | Environment | Description |', '| --- | --- | --- | --- | --- |', ...rows].join('\n') + '\n';
}
