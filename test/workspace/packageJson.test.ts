import { describe, expect, it } from 'vitest';
import { RelmanError } from '../../src/errors.js';
import { packageJson } from '../../src/workspace/packageJson.js';
import { catchError } from './catchError.js';

const FILE = 'packages/web/package.json';

describe('package.json: read then write changes only the version characters', () => {
  it.each([
    {
      name: 'two-space indent',
      text: '{\n  "name": "@acme/web",\n  "version": "1.4.0",\n  "scripts": { "version": "echo" }\n}\n',
      line: 3,
      write: '1.5.0',
      expected: '{\n  "name": "@acme/web",\n  "version": "1.5.0",\n  "scripts": { "version": "echo" }\n}\n',
    },
    {
      name: 'tabs, CRLF, no trailing newline, version last',
      text: '{\r\n\t"name": "web",\r\n\t"private": true,\r\n\t"version": "0.0.1"\r\n}',
      line: 4,
      write: '1.0.0-rc.1',
      expected: '{\r\n\t"name": "web",\r\n\t"private": true,\r\n\t"version": "1.0.0-rc.1"\r\n}',
    },
    {
      name: 'minified',
      text: '{"version":"2.0.0","name":"web","dependencies":{"x":"1.0.0"}}',
      line: 1,
      write: '2.0.1',
      expected: '{"version":"2.0.1","name":"web","dependencies":{"x":"1.0.0"}}',
    },
    {
      name: 'byte order mark',
      text: '\uFEFF{\n  "name": "web",\n  "version": "1.0.0"\n}\n',
      line: 3,
      write: '1.0.1',
      expected: '\uFEFF{\n  "name": "web",\n  "version": "1.0.1"\n}\n',
    },
  ])('$name', ({ text, line, write, expected }) => {
    const manifest = packageJson.read(text, FILE);
    expect(manifest.line).toBe(line);
    expect(packageJson.writeVersion(text, manifest, write)).toBe(expected);
  });
});

describe('package.json: fields', () => {
  it('reads name, version, private and workspaces (array)', () => {
    const text = '{ "name": "root", "version": "1.0.0", "private": true, "workspaces": ["packages/*", "apps/*"] }';
    expect(packageJson.read(text, 'package.json')).toEqual({
      kind: 'package.json',
      file: 'package.json',
      name: 'root',
      rawVersion: '1.0.0',
      version: '1.0.0',
      line: 1,
      private: true,
      workspaces: ['packages/*', 'apps/*'],
    });
  });

  it('reads yarn-style workspaces { packages: [...] }', () => {
    expect(packageJson.read('{ "workspaces": { "packages": ["libs/*"], "nohoist": ["**/x"] } }', 'package.json').workspaces).toEqual(['libs/*']);
  });

  it('a workspace root without name or version reads as version 0.0.0, raw ""; writing to it is an error', () => {
    const text = '{ "private": true, "workspaces": ["packages/*"] }\n';
    const manifest = packageJson.read(text, 'package.json');
    expect(manifest).toMatchObject({ name: '', version: '0.0.0', rawVersion: '' });
    const error = catchError(() => packageJson.writeVersion(text, manifest, '1.0.0'));
    expect(error).toBeInstanceOf(RelmanError);
    expect(error.message).toBe('package.json: has no "version" to write');
  });
});

describe('package.json: errors name the file and line', () => {
  it.each([
    { text: '{\n  "name": "web",\n  "version": "abc"\n}\n', message: `${FILE}:3: version "abc" is not a version` },
    { text: '{\n  "name": "web",\n  "version": 1\n}\n', message: `${FILE}:3: "version" must be a string` },
    { text: '{\n  "name": "web",\n  "version": "1.0.0",\n}\n', message: `${FILE}:4: invalid JSON` },
    { text: '{\n  "name": "web"\n  "version": "1.0.0"\n}\n', message: `${FILE}:3: invalid JSON` },
    { text: '{\n  "version": "1.0.0"\n}\n', message: `${FILE}:2: has a "version" but no "name"` },
    { text: '[]\n', message: `${FILE}:1: must hold a JSON object` },
  ])('$message', ({ text, message }) => {
    const error = catchError(() => packageJson.read(text, FILE));
    expect(error).toBeInstanceOf(RelmanError);
    expect(error.message.slice(0, message.length)).toBe(message);
  });
});
