import { lstat, readFile } from 'node:fs/promises';
import path from 'node:path';
import { MARKER_TOKEN } from './setters.js';
import { MAX_YAML_BYTES, YamlFile, YamlFileError } from './yamlFile.js';

/** The API group of Flux's image objects; a file without it declares none. */
export const FLUX_IMAGE_GROUP = 'image.toolkit.fluxcd.io';
const READ_CONCURRENCY = 32;

/** Files Flux's setters look at: `*.yaml`, `*.yml`, and kustomize's extension-less `Kustomization`. */
export function isYamlCandidate(file: string): boolean {
  return /\.ya?ml$/.test(file) || path.posix.basename(file) === 'Kustomization';
}

export interface ScannedFile {
  /** Repository-relative, POSIX separators. */
  path: string;
  yaml: YamlFile;
  hasMarkers: boolean;
  hasFluxObjects: boolean;
}

/**
 * Files under a Helm chart's `templates/` folder (beside its Chart.yaml). They are not objects of the
 * repository but templates helm-controller renders, and most do not parse as YAML.
 */
function chartTemplates(files: readonly string[]): (file: string) => boolean {
  const charts = files.filter((f) => path.posix.basename(f) === 'Chart.yaml').map((f) => path.posix.dirname(f));
  return (file) => charts.some((dir) => file.startsWith(dir === '.' ? 'templates/' : `${dir}/templates/`));
}

/**
 * Reads the candidate files and parses only those that mention a marker or a Flux image object, once
 * each. Symlinks are not followed (a link's target is a file of its own, or outside the repository);
 * unreadable, oversized and unparseable files are reported through `warn` and skipped.
 */
export async function scanFiles(root: string, files: readonly string[], warn: (message: string) => void): Promise<ScannedFile[]> {
  const candidates = files.filter(isYamlCandidate);
  const isChartTemplate = chartTemplates(files);
  const found: (ScannedFile | null)[] = new Array(candidates.length).fill(null);
  let next = 0;
  const worker = async () => {
    while (next < candidates.length) {
      const i = next++;
      const file = candidates[i] ?? '';
      found[i] = await scanOne(root, file, isChartTemplate(file), warn);
    }
  };
  await Promise.all(Array.from({ length: Math.min(READ_CONCURRENCY, candidates.length) }, worker));
  return found.filter((f): f is ScannedFile => f !== null);
}

async function scanOne(root: string, file: string, chartTemplate: boolean, warn: (message: string) => void): Promise<ScannedFile | null> {
  const full = path.join(root, file);
  let text: string;
  try {
    const info = await lstat(full);
    if (!info.isFile()) return null;
    if (info.size > MAX_YAML_BYTES) {
      warn(`${file}: skipped, larger than ${MAX_YAML_BYTES} bytes`);
      return null;
    }
    text = await readFile(full, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null; // listed by git, deleted since
    warn(`${file}: skipped, cannot read it: ${(e as Error).message}`);
    return null;
  }
  const hasMarkers = text.includes(MARKER_TOKEN);
  // A chart template's markers are still read (Flux does too); its objects are not the repository's.
  const hasFluxObjects = !chartTemplate && text.includes(FLUX_IMAGE_GROUP);
  if (!hasMarkers && !hasFluxObjects) return null;
  try {
    const yaml = new YamlFile(file, text);
    yaml.documents();
    return { path: file, yaml, hasMarkers, hasFluxObjects };
  } catch (e) {
    if (e instanceof YamlFileError) {
      warn(`${e.message} (file skipped)`);
      return null;
    }
    throw e;
  }
}
