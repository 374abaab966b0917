import { CST, parse as parseYaml } from 'yaml';
import type { YamlFile } from './yamlFile.js';

/**
 * Flux's `$imagepolicy` setters: a scalar whose line comment is `# {"$imagepolicy": "NS:NAME[:FIELD]"}`
 * takes the policy's latest image (`name:tag`, with `@digest` when the policy reflects digests), or
 * only its `tag`, `name` or `digest`. Unlike Flux, which re-serialises the whole file, only the
 * characters of the value change: comments, quoting, indentation and key order stay as they were.
 */
export type MarkerField = 'image' | 'tag' | 'name' | 'digest';

/** What a policy resolved to: Flux's ImagePolicy `status.latestRef`. */
export interface LatestRef {
  name: string;
  tag: string;
  digest?: string;
}

export interface Marker {
  /** `namespace:name` of the policy. */
  policy: string;
  field: MarkerField;
  /** The marker as written, e.g. `flux-system:app:tag`. */
  setter: string;
  line: number;
  /** The scalar's current value. */
  value: string;
  /** Offsets of the scalar's source text, quotes included. */
  range: [number, number];
  style: 'plain' | 'single' | 'double';
  /** `apiVersion Kind namespace/name` of the Kubernetes object holding the marker, when it is one. */
  object: string | null;
}

export interface MarkerProblem {
  line: number;
  message: string;
}

export interface SetterChange {
  setter: string;
  policy: string;
  line: number;
  old: string;
  new: string;
  object: string | null;
}

/** Cheap screen before parsing: a file without this text holds no marker. */
export const MARKER_TOKEN = '$imagepolicy';
const FIELDS = new Set(['tag', 'name', 'digest']);

/** Every marked scalar in the file, and the markers that cannot be read (to report, not to apply). */
export function findMarkers(file: YamlFile): { markers: Marker[]; problems: MarkerProblem[] } {
  const markers: Marker[] = [];
  const problems: MarkerProblem[] = [];
  for (const token of file.tokens) {
    if (token.type !== 'document') continue;
    CST.visit(token, (item) => {
      const scalar = item.value;
      if (!scalar || !isFlowScalar(scalar)) return;
      const comment = scalar.end?.find((t) => t.type === 'comment')?.source;
      if (!comment?.includes(MARKER_TOKEN)) return;
      const line = file.lineOf(scalar.offset);
      const setter = markerSetter(comment);
      if (setter === null) {
        problems.push({ line, message: `the comment ${comment.trim()} is not a marker: Flux reads one only when the whole comment is {"$imagepolicy": "…"}` });
        return;
      }
      const parts = setter.split(':');
      const [ns, name, field = 'image'] = parts;
      if (!ns || !name || parts.length > 3 || (parts.length === 3 && !FIELDS.has(field))) {
        problems.push({ line, message: `cannot read the marker ${comment.trim()} (expected {"$imagepolicy": "NAMESPACE:NAME[:tag|:name|:digest]"})` });
        return;
      }
      const resolved = CST.resolveAsScalar(scalar);
      markers.push({
        policy: `${ns}:${name}`,
        field: field as MarkerField,
        setter,
        line,
        value: resolved.value,
        range: [scalar.offset, scalar.offset + scalar.source.length],
        style: scalar.type === 'scalar' ? 'plain' : scalar.type === 'single-quoted-scalar' ? 'single' : 'double',
        object: objectOf(file, scalar.offset),
      });
    });
  }
  return { markers, problems };
}

/**
 * The setter a line comment names, read as Flux (kyaml's fieldmeta) reads it: the comment without its
 * leading `#`s must be a JSON object of strings with a non-empty "$imagepolicy". Anything else, such
 * as a marker with text after it, is not a marker, so Flux leaves the value alone.
 */
function markerSetter(comment: string): string | null {
  let value: unknown;
  try {
    value = JSON.parse(comment.replace(/^#+/, ''));
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  const fields = value as Record<string, unknown>;
  if (!Object.values(fields).every((v) => typeof v === 'string' || v === null)) return null;
  const setter = fields[MARKER_TOKEN];
  return typeof setter === 'string' && setter ? setter : null;
}

function isFlowScalar(token: CST.Token): token is CST.FlowScalar {
  return token.type === 'scalar' || token.type === 'single-quoted-scalar' || token.type === 'double-quoted-scalar';
}

function objectOf(file: YamlFile, offset: number): string | null {
  const doc = file.documentAt(offset);
  const get = (path: string[]) => {
    const v = doc?.getIn(path);
    return typeof v === 'string' ? v : null;
  };
  const [apiVersion, kind, name, namespace] = [get(['apiVersion']), get(['kind']), get(['metadata', 'name']), get(['metadata', 'namespace'])];
  if (!apiVersion || !kind || !name) return null;
  return `${apiVersion} ${kind} ${namespace ? `${namespace}/` : ''}${name}`;
}

/** The value a marker asks for, or null when the policy has none for it (no digest reflected). */
export function markerValue(field: MarkerField, ref: LatestRef): string | null {
  switch (field) {
    case 'image':
      return `${ref.name}:${ref.tag}${ref.digest ? `@${ref.digest}` : ''}`;
    case 'tag':
      return ref.tag;
    case 'name':
      return ref.name;
    case 'digest':
      return ref.digest ?? null;
  }
}

/** One replacement of a marked value. */
export interface SetterEdit {
  marker: Marker;
  value: string;
}

/** Applies edits to the text, touching only the characters of each value. */
export function applyEdits(text: string, edits: SetterEdit[]): string {
  let out = text;
  for (const { marker, value } of [...edits].sort((a, b) => b.marker.range[0] - a.marker.range[0])) {
    out = out.slice(0, marker.range[0]) + renderScalar(value, marker.style) + out.slice(marker.range[1]);
  }
  return out;
}

/**
 * The value in the scalar's own style. A plain scalar stays plain unless the new value would read back
 * as something else (a number, a boolean, a comment), in YAML 1.2 or 1.1; then it is double-quoted.
 */
export function renderScalar(value: string, style: Marker['style']): string {
  if (style === 'single') return `'${value.replace(/'/g, "''")}'`;
  if (style === 'plain' && readsBackAsString(value)) return value;
  return JSON.stringify(value);
}

function readsBackAsString(value: string): boolean {
  if (!value || /[\n\r\t]/.test(value) || value.trim() !== value) return false;
  try {
    return parseYaml(value, { version: '1.2' }) === value && parseYaml(value, { version: '1.1' }) === value;
  } catch {
    return false;
  }
}

export interface FileUpdate {
  /** The new text (the same string when nothing changed). */
  text: string;
  changes: SetterChange[];
  /** Markers naming a policy that does not exist. */
  unknown: Marker[];
  problems: MarkerProblem[];
}

/** Sets every marker of the file whose policy `refOf` knows; values already right are no change. */
export function setMarkers(file: YamlFile, refOf: (policy: string) => LatestRef | undefined, found = findMarkers(file)): FileUpdate {
  const { markers } = found;
  const problems = [...found.problems];
  const edits: SetterEdit[] = [];
  const changes: SetterChange[] = [];
  const unknown: Marker[] = [];
  for (const marker of markers) {
    const ref = refOf(marker.policy);
    if (!ref) {
      unknown.push(marker);
      continue;
    }
    const value = markerValue(marker.field, ref);
    if (value === null) {
      problems.push({ line: marker.line, message: `policy ${marker.policy} reflects no digest for the marker ${marker.setter} (set digestReflectionPolicy: Always)` });
      continue;
    }
    if (value === marker.value) continue;
    edits.push({ marker, value });
    changes.push({ setter: marker.setter, policy: marker.policy, line: marker.line, old: marker.value, new: value, object: marker.object });
  }
  return { text: edits.length ? applyEdits(file.text, edits) : file.text, changes, unknown, problems };
}
