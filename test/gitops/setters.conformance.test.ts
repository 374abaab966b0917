import { mkdtemp, mkdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inPaths, updatePath, type UpdateStrategy } from '../../src/gitops/automation.js';
import { scanFiles } from '../../src/gitops/scan.js';
import { setMarkers, type LatestRef } from '../../src/gitops/setters.js';
import { loadVectors } from '../helpers/conformance.js';

interface SetterCase {
  id: string;
  policies?: Record<string, LatestRef> | null;
  file?: string;
  input?: string;
  expected?: string | null;
  fileWritten?: boolean;
  expectedChanges?: { object?: string; setter: string; old: string; new: string }[] | null;
  update?: (UpdateStrategy | null)[];
  expectError?: string[];
}

const vectors = loadVectors<{ cases: SetterCase[] }>('flux-setters.json');
// Flux's applier tests run with update.path './yes' (see each case's source).
const APPLIER_PATH = { strategy: 'Setters', path: './yes' };

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'relman-setters-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Writes the case's file into its own folder and runs it through the scanner and the setters. */
async function runCase(c: SetterCase) {
  const root = path.join(dir, c.id);
  const file = c.file ?? '';
  await mkdir(path.dirname(path.join(root, file)), { recursive: true });
  if (c.input?.startsWith('<git symlink')) await symlink('testing.yaml', path.join(root, file));
  else await writeFile(path.join(root, file), c.input ?? '');
  const warnings: string[] = [];
  const folder = updatePath(c.id.startsWith('applier-update-path') ? APPLIER_PATH : { strategy: 'Setters' });
  const scanned = (await scanFiles(root, [file], (w) => warnings.push(w))).filter((f) => inPaths(f.path, [folder]));
  const policies = new Map(Object.entries(c.policies ?? {}));
  const updates = scanned.map((f) => ({ f, u: setMarkers(f.yaml, (p) => policies.get(p)) }));
  for (const { f, u } of updates) if (u.text !== f.yaml.text) await writeFile(path.join(root, f.path), u.text);
  return { root, file, warnings, updates };
}

describe('Flux setters conformance (flux-setters.json)', () => {
  for (const c of vectors.cases) {
    it(c.id, async () => {
      if (c.expectError) {
        c.update?.forEach((u, i) => expect(() => updatePath(u)).toThrow(c.expectError?.[i]));
        return;
      }
      const { root, file, warnings, updates } = await runCase(c);
      expect(warnings).toEqual([]);
      const written = updates.some(({ f, u }) => u.text !== f.yaml.text);
      expect(written).toBe(c.fileWritten);
      if (c.fileWritten) expect(await readFile(path.join(root, file), 'utf8')).toBe(c.expected);
      if (c.expectedChanges) {
        const changes = updates.flatMap(({ u }) => u.changes);
        expect(changes.map(({ setter, old, new: now }) => ({ setter, old, new: now }))).toEqual(
          c.expectedChanges.map(({ setter, old, new: now }) => ({ setter, old, new: now })),
        );
        c.expectedChanges.forEach((want, i) => want.object && expect(changes[i]?.object).toBe(want.object));
      }
      // A marker naming a policy that does not exist is reported, never applied.
      if (c.id === 'setters-other-namespace') expect(updates[0]?.u.unknown.map((m) => m.policy)).toEqual(['other-namespace:policy']);
    });
  }
});
