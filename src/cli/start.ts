import { fileURLToPath } from 'node:url';
import { runBundle } from './codeCache.js';
import { tuneHeapForShortRun } from './heap.js';
import { asksForVersion, relmanVersion } from './version.js';

// Before the bundle is compiled: V8 accepts a code cache only under the flags it was made with.
tuneHeapForShortRun();

const command = process.argv[2];
if (asksForVersion(command)) process.stdout.write(`${relmanVersion()}\n`);
else runBundle(fileURLToPath(new URL('./relman.cjs', import.meta.url)), command);
