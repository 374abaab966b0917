import { RelmanError } from '../errors.js';
import { cleanSemver } from './semver.js';

/**
 * Python manifests hold PEP 440 versions; tags and plans hold semver. The candidate identifiers
 * PEP 440 knows map one to one: alpha/a → a, beta/b → b, rc/c/pre/preview → rc, dev → .dev.
 */
const PEP440_SEGMENT: Record<string, string> = { a: 'a', alpha: 'a', b: 'b', beta: 'b', rc: 'rc', c: 'rc', pre: 'rc', preview: 'rc', dev: '.dev' };
const SEMVER_ID: Record<string, string> = { a: 'a', b: 'b', rc: 'rc', dev: 'dev' };

/** semver → PEP 440 (`2.0.0-rc.1` → `2.0.0rc1`); refuses identifiers PEP 440 has no form for. */
export function toPep440(version: string): string {
  const m = /^(\d+\.\d+\.\d+)(?:-([0-9A-Za-z-]+)\.(\d+))?$/.exec(version);
  if (m && !m[2]) return m[1] ?? version;
  const segment = m?.[2] ? PEP440_SEGMENT[m[2].toLowerCase()] : undefined;
  if (!m || !segment) {
    throw new RelmanError(
      `version ${version} has no PEP 440 form`,
      'Python packages take the pre-release identifiers alpha (a), beta (b), rc and dev, numbered: --prerelease rc',
    );
  }
  return `${m[1]}${segment}${m[3]}`;
}

/**
 * PEP 440 → semver for the versions relman writes and for plain releases (`1.2` → `1.2.0`);
 * null for forms with no semver twin (epochs, post-releases, local versions).
 */
export function fromPep440(text: string): string | null {
  const direct = cleanSemver(text);
  if (direct) return direct;
  const m = /^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:[-_.]?(a|alpha|b|beta|rc|c|pre|preview|dev)[-_.]?(\d+)?)?$/i.exec(text.trim());
  if (!m) return null;
  const release = `${Number(m[1])}.${Number(m[2] ?? 0)}.${Number(m[3] ?? 0)}`;
  if (!m[4]) return release;
  const seg = PEP440_SEGMENT[m[4].toLowerCase()] ?? 'rc';
  return `${release}-${SEMVER_ID[seg.replace('.', '')] ?? 'rc'}.${Number(m[5] ?? 0)}`;
}

/**
 * A PEP 440 specifier list (`>=0.3,<0.4`, `~=1.4.5`, `==1.2.*`) in npm's semver range syntax; null
 * when it has no such form (`===`, a version with no semver twin) or states no bound at all.
 * An exclusion (`!=1.3.1`) only narrows a range, so it is left out: the range read is never narrower.
 */
export function pep440Range(specifiers: string): string | null {
  const parts: string[] = [];
  for (const clause of specifiers.split(',').map((c) => c.trim()).filter(Boolean)) {
    const m = /^(~=|===|==|!=|<=|>=|<|>)\s*(\S+)$/.exec(clause);
    if (!m || m[1] === '===') return null;
    const [, op, text = ''] = m;
    if (op === '!=') continue;
    if (op === '==' && text.endsWith('.*')) {
      if (!/^\d+(\.\d+)*\.\*$/.test(text)) return null;
      parts.push(`${text.slice(0, -2)}.x`);
      continue;
    }
    const version = fromPep440(text);
    if (!version) return null;
    if (op === '~=') {
      // ~=X.Y means >=X.Y, ==X.*; ~=X.Y.Z means >=X.Y.Z, ==X.Y.*.
      const release = text.split(/[^\d.]/)[0]?.split('.').filter(Boolean).map(Number) ?? [];
      if (release.length < 2) return null;
      const upper = release.slice(0, -1);
      upper[upper.length - 1] = (upper[upper.length - 1] ?? 0) + 1;
      parts.push(`>=${version} <${[...upper, 0, 0].slice(0, 3).join('.')}-0`);
      continue;
    }
    parts.push(`${op === '==' ? '=' : op}${version}`);
  }
  return parts.length ? parts.join(' ') : null;
}

/** A Python distribution name as PEP 503 compares them: `Acme_Core` and `acme.core` are `acme-core`. */
export function normalizedPythonName(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}
