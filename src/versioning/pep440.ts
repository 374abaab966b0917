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
