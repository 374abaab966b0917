import { describe, expect, it } from 'vitest';
import { RelmanError } from '../../src/errors.js';
import { chartYaml } from '../../src/workspace/chart.js';
import { catchError } from './catchError.js';

const FILE = 'charts/backend/Chart.yaml';

describe('Chart.yaml: read then write changes only the version characters', () => {
  it.each([
    {
      name: 'plain scalar; appVersion untouched',
      text: '# backend chart\napiVersion: v2\nname: backend\nversion: 1.2.3 # chart\nappVersion: "1.2.3"\n',
      raw: '1.2.3',
      line: 4,
      write: '1.3.0',
      expected: '# backend chart\napiVersion: v2\nname: backend\nversion: 1.3.0 # chart\nappVersion: "1.2.3"\n',
    },
    {
      name: 'double quotes, CRLF, no trailing newline',
      text: 'apiVersion: v2\r\nname: backend\r\nversion: "0.1.0"\r\ntype: application',
      raw: '0.1.0',
      line: 3,
      write: '0.2.0-rc.1',
      expected: 'apiVersion: v2\r\nname: backend\r\nversion: "0.2.0-rc.1"\r\ntype: application',
    },
    {
      name: 'single quotes, version before name',
      text: "version: '2.0.0'\nname: backend\ndependencies:\n  - name: redis\n    version: 17.0.0\n",
      raw: '2.0.0',
      line: 1,
      write: '2.0.1',
      expected: "version: '2.0.1'\nname: backend\ndependencies:\n  - name: redis\n    version: 17.0.0\n",
    },
  ])('$name', ({ text, raw, line, write, expected }) => {
    const manifest = chartYaml.read(text, FILE);
    expect(manifest).toMatchObject({ kind: 'chart', name: 'backend', rawVersion: raw, version: raw, line });
    expect(chartYaml.writeVersion(text, manifest, write)).toBe(expected);
  });
});

describe('Chart.yaml: errors name the file and line', () => {
  it.each([
    { text: 'name: backend\nversion: 1.0\n', message: `${FILE}:2: version "1.0" is not a version` },
    { text: 'name: backend\nversion: |\n  1.0.0\n', message: `${FILE}:2: version must be a plain or quoted string` },
    { text: 'version: 1.0.0\n', message: `${FILE}:1: has no name` },
    { text: 'name: backend\nversion: 1.0.0: 2\n', message: `${FILE}:2: invalid YAML: Nested mappings are not allowed in compact mappings` },
    { text: 'name: backend\nversion: 1.0.0\nversion: 1.0.1\n', message: `${FILE}:3: invalid YAML: Map keys must be unique` },
  ])('$message', ({ text, message }) => {
    const error = catchError(() => chartYaml.read(text, FILE));
    expect(error).toBeInstanceOf(RelmanError);
    expect(error.message.slice(0, message.length)).toBe(message);
  });
});
