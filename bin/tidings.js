#!/usr/bin/env node
// Tiny on purpose: load the TypeScript CLI through tsx and turn its result into the exit code.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
