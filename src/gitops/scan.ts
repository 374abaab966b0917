import { closeSync, constants, fstatSync, openSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { MARKER_TOKEN } from './setters.js';
import { MAX_YAML_BYTES, YamlFile, YamlFileError } from './yamlFile.js';

/** The API group of Flux's image objects; a file without it declares none. */
export const FLUX_IMAGE_GROUP = 'image.toolkit.fluxcd.io';

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
export function scanFiles(root: string, files: readonly string[], warn: (message: string) => void): ScannedFile[] {
  const isChartTemplate = chartTemplates(files);
  const found: ScannedFile[] = [];
  // Read one after another: a small file reads in microseconds, far less than a trip through the thread pool.
  for (const file of files) {
    if (!isYamlCandidate(file)) continue;
    const scanned = scanOne(root, file, isChartTemplate(file), warn);
    if (scanned) found.push(scanned);
  }
  return found;
}

class TooLarge extends Error {}

/**
 * A file's text; null for what is not a regular file (a link is not followed: its target is a file of
 * its own, or outside the repository) or is gone (listed by git, deleted since).
 */
function readRegularFile(full: string): string | null {
  let fd: number;
  try {
    // Non-blocking, so that a named pipe in a file's place cannot hold the run.
    fd = openSync(full, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ELOOP' || code === 'ENOTDIR') return null;
    throw e;
  }
  try {
    const info = fstatSync(fd);
    if (!info.isFile()) return null;
    if (info.size > MAX_YAML_BYTES) throw new TooLarge(`larger than ${MAX_YAML_BYTES} bytes`);
    return readFileSync(fd, 'utf8');
  } finally {
    closeSync(fd);
  }
}

function scanOne(root: string, file: string, chartTemplate: boolean, warn: (message: string) => void): ScannedFile | null {
  let text: string | null;
  try {
    text = readRegularFile(path.join(root, file));
  } catch (e) {
    warn(`${file}: skipped, ${e instanceof TooLarge ? e.message : `cannot read it: ${(e as Error).message}`}`);
    return null;
  }
  if (text === null) return null;
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
