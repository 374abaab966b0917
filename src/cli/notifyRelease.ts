import path from 'node:path';
import type { Config } from '../config/schema.js';
import { chooseWebhook, postToWebhook, releaseMessage } from '../notify/slack.js';
import type { PackagePlan } from '../plan/types.js';
import { warn, type Output } from './output.js';

/**
 * After a release: one message to the Slack webhook, if one is configured. A notification that fails
 * is a warning, never a failed release.
 */
export async function notifyRelease(
  released: PackagePlan[],
  where: { root: string; branch: string | null; config: Config; flag?: string },
  output: Output,
): Promise<void> {
  if (released.length === 0) return;
  const webhook = chooseWebhook({ flag: where.flag, configured: where.config.notify.slack, env: process.env });
  if (webhook === null) return;
  if ('warning' in webhook) return warn(output, webhook.warning);
  const packages = released.map((p) => ({ name: p.name, version: p.nextVersion ?? '', tag: p.tag ?? '' }));
  // In GitHub Actions the repository's full name; elsewhere its folder's.
  const repository = process.env.GITHUB_REPOSITORY || path.basename(where.root);
  const failure = await postToWebhook(webhook.url, releaseMessage(packages, { repository, branch: where.branch }));
  if (failure) warn(output, `no release notification sent: ${failure}`);
  else output.err(`notified the release webhook of ${released.length === 1 ? '1 package' : `${released.length} packages`}`);
}
