import { describe, expect, it } from 'vitest';
import { TagList, type GitTag } from '../../src/git/tags.js';
import { TagIndex } from '../../src/plan/tagVersions.js';

const tag = (name: string, merged = true): GitTag => ({ name, commit: `c-${name}`, annotated: true, merged });

describe('TagIndex', () => {
  const names = ['api-v1.2.0', 'api-v1.10.0-rc.1', 's3-client-v2.0.0', 'v3.0.0', '@acme/ui@0.4.1', 'stable', 'release-2024', 'api-v1.2.0-build'];
  const index = new TagIndex(TagList.from(names.map((n) => tag(n))));

  it('finds every tag by its whole name, versioned or not, and nothing else', () => {
    for (const name of names) expect(index.named(name)?.name).toBe(name);
    for (const name of ['api-v1.2', 'api-v1.2.1', 's3-client-v2', 'v3', 'stabl', 'release-2025', '']) expect(index.named(name)).toBeUndefined();
  });

  it("lists a package's tags through the text before the version, whatever digits its name holds", () => {
    expect(index.versionTags('{name}-v{version}', 's3-client').map((t) => t.version)).toEqual(['2.0.0']);
    const api = index.packageTags('{name}-v{version}', 'api');
    expect(api.all.map((t) => t.tag.name).sort()).toEqual(['api-v1.10.0-rc.1', 'api-v1.2.0', 'api-v1.2.0-build']);
    expect(api.latestFinal?.tag.name).toBe('api-v1.2.0');
    expect(api.latest?.tag.name).toBe('api-v1.10.0-rc.1');
  });
});
