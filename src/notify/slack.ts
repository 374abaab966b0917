/**
 * Release notifications to a Slack incoming webhook (or anything that takes Slack's message format:
 * Mattermost, Rocket.Chat, Discord's /slack endpoint). The webhook URL is a secret: nothing here
 * ever puts it in a message, a warning or an error.
 */

export interface ReleasedPackage {
  name: string;
  version: string;
  tag: string;
}

export interface SlackMessage {
  text: string;
  blocks: unknown[];
}

/** Where the webhook comes from: `--notify`, relman.toml `[notify] slack`, then the environment. */
export interface WebhookSources {
  flag?: string;
  configured?: string;
  env: NodeJS.ProcessEnv;
}

export type WebhookChoice = { url: string } | { warning: string } | null;

/**
 * The webhook to post to, a warning when one is asked for but cannot be had, or null when no
 * notification is wanted. A value `env:NAME` names an environment variable that holds the URL.
 */
export function chooseWebhook(sources: WebhookSources): WebhookChoice {
  const [value, where] =
    sources.flag !== undefined ? [sources.flag, '--notify']
    : sources.configured !== undefined ? [sources.configured, '[notify] slack in relman.toml']
    : [sources.env.SLACK_WEBHOOK_URL, 'SLACK_WEBHOOK_URL'];
  // An empty SLACK_WEBHOOK_URL is what a workflow gets from a secret that is not set: no notification wanted.
  if (value === undefined || (where === 'SLACK_WEBHOOK_URL' && value === '')) return null;
  const named = /^env:(.+)$/.exec(value)?.[1];
  const url = named === undefined ? value : sources.env[named];
  if (!url) return { warning: `no release notification sent: ${where} names the environment variable ${named ?? ''}, which is not set` };
  if (!/^https?:\/\/[^/\s]+/i.test(url)) return { warning: `no release notification sent: the webhook from ${where} is not an http(s) URL` };
  return { url };
}

/** Slack's `mrkdwn` needs &, < and > escaped. */
function escapeMrkdwn(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

// Slack refuses a section text over 3,000 characters: long lists end with a count of the rest.
const SECTION_LIMIT = 3000;

export function releaseMessage(packages: ReleasedPackage[], where: { repository: string; branch: string | null }): SlackMessage {
  const count = packages.length === 1 ? '1 package' : `${packages.length} packages`;
  const origin = `${where.repository}${where.branch ? ` (${where.branch})` : ''}`;
  const text = `Released ${count} from ${origin}: ${packages.map((p) => `${p.name} ${p.version}`).join(', ')}`;
  const lines: string[] = [];
  let length = 0;
  for (const [i, p] of packages.entries()) {
    const line = `• *${escapeMrkdwn(p.name)}* ${escapeMrkdwn(p.version)}  \`${escapeMrkdwn(p.tag)}\``;
    if (length + line.length + 40 > SECTION_LIMIT) {
      lines.push(`… and ${packages.length - i} more`);
      break;
    }
    lines.push(line);
    length += line.length + 1;
  }
  return {
    text,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: `*Released ${count}* from ${escapeMrkdwn(origin)}` } },
      { type: 'section', text: { type: 'mrkdwn', text: lines.join('\n') } },
    ],
  };
}

/** Posts the message; returns null when the webhook took it, else why not (never the URL). */
export async function postToWebhook(url: string, message: SlackMessage, timeoutMs = 10_000): Promise<string | null> {
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(message),
      signal: AbortSignal.timeout(timeoutMs),
    });
    await res.arrayBuffer();
    return res.ok ? null : `the webhook answered HTTP ${res.status}`;
  } catch (e) {
    const err = e as Error & { cause?: { code?: string } };
    if (err.name === 'TimeoutError') return `the webhook did not answer within ${timeoutMs / 1000}s`;
    // Only the error code: fetch's messages can quote the URL.
    return `the webhook could not be reached (${err.cause?.code ?? err.name})`;
  }
}
