// The README is documentation people follow: its options table is generated from the one
// options table, and every command the CLI has is listed there.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { optionsMarkdownTable } from '../src/config/index.ts';
import { buildProgram } from '../src/cli/main.ts';

const README = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

test('the README shows the current options table', () => {
  assert.ok(README.includes(optionsMarkdownTable().trim()), 'regenerate the table with optionsMarkdownTable() and paste it under "Configuration"');
});

test('the README lists every command', () => {
  const program = buildProgram({ stdout: () => {}, stderr: () => {} });
  for (const command of program.commands) {
    const names = command.commands.length > 0 ? command.commands.map((sub) => `${command.name()} ${sub.name()}`) : [command.name()];
    for (const name of names) assert.ok(README.includes(`tidings ${name}`), `README mentions \`tidings ${name}\``);
  }
});

test('the README keeps the two set-up commands', () => {
  for (const command of ['npm install', 'npm start', 'npm test']) assert.ok(README.includes(command));
});
