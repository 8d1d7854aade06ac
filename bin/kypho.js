#!/usr/bin/env node
// Runs the TypeScript sources through tsx, so that `kypho` works right after `npm install`, with no build.
import { register } from 'tsx/esm/api';

register();
await import(new URL('../src/cli/main.ts', import.meta.url).href);
