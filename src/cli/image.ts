import { UsageError } from '../errors.js';
import { formatRepository, ImageRefError, parseImageReference } from '../gitops/imageRef.js';
import { promoteImage } from '../gitops/promote.js';
import { RegistryClient } from '../gitops/registry.js';
import { parseFlags } from './args.js';
import { printJson, warn, type Output } from './output.js';

const HELP = `Usage: relman image promote IMAGE:SRC_TAG DST_TAG [--dry-run] [--insecure] [--json]

Copies the manifest of IMAGE:SRC_TAG under DST_TAG in the same repository: build once, promote the
same digest (e.g. a main-<sha>-<time> build to v1.4.0). Refuses when DST_TAG already exists for a
different digest, since tags are never reused; succeeds without change when it is the same digest.
Talks HTTPS, plain HTTP for a loopback registry or with --insecure; credentials come from the Docker
config ($DOCKER_CONFIG/config.json or ~/.docker/config.json).

  --dry-run    check, copy nothing
  --insecure   plain HTTP to this registry
  --json       {"image","source","tag","digest","created"} on stdout`;

const FLAGS = { 'dry-run': { type: 'boolean', default: false }, insecure: { type: 'boolean', default: false } } as const;

export async function run(argv: string[], output: Output): Promise<number> {
  const [sub, ...rest] = argv;
  if (!sub || sub === '--help' || sub === '-h' || sub === 'help') {
    output.out(HELP);
    return sub ? 0 : 2;
  }
  if (sub !== 'promote') throw new UsageError(`image: unknown subcommand "${sub}"`, 'run: relman image --help');
  const { values, positionals } = parseFlags('image promote', rest, FLAGS, 2);
  if (values.help) {
    output.out(HELP);
    return 0;
  }
  const [source, tag] = positionals;
  if (!source || !tag) throw new UsageError('image promote: needs IMAGE:SRC_TAG and DST_TAG', 'run: relman image --help');
  let ref;
  try {
    ref = parseImageReference(source);
  } catch (e) {
    if (e instanceof ImageRefError) throw new UsageError(`image promote: ${e.message}`);
    throw e;
  }
  const from = ref.digest ?? ref.tag;
  if (!from) throw new UsageError(`image promote: ${source} names no tag to promote`, 'write IMAGE:SRC_TAG');
  const client = new RegistryClient(ref.registry, { insecure: values.insecure, log: (m) => warn(output, m) });
  const result = await promoteImage(client, ref, from, tag, values['dry-run']);
  const image = formatRepository(ref);
  if (values.json) await printJson(output, { image, source: from, tag, digest: result.digest, created: result.created, dryRun: values['dry-run'] });
  else if (!result.created) output.out(`${image}:${tag} is already ${result.digest}; nothing to do`);
  else output.out(`${values['dry-run'] ? 'would promote' : 'promoted'} ${image}:${from} to ${tag} (${result.digest})`);
  return 0;
}
