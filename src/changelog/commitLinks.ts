import type { CommitLinker } from './render.js';

/** How each known forge addresses a commit, from the repository's web address. */
const FORGES = [
  { matches: (host: string) => host === 'github.com' || host.startsWith('github.'), commit: (repo: string, sha: string) => `${repo}/commit/${sha}` },
  { matches: (host: string) => host === 'gitlab.com' || host.startsWith('gitlab.'), commit: (repo: string, sha: string) => `${repo}/-/commit/${sha}` },
  { matches: (host: string) => host === 'bitbucket.org', commit: (repo: string, sha: string) => `${repo}/commits/${sha}` },
];

const noLink: CommitLinker = () => null;

/**
 * Commit links for a remote URL on GitHub, GitLab or Bitbucket — https, ssh:// or scp-like
 * `git@host:owner/repo.git` — and none for any other remote (a path on disk, an unknown host).
 * Credentials in the URL never reach a link.
 */
export function commitLinker(remoteUrl: string | null): CommitLinker {
  const web = remoteUrl ? webAddress(remoteUrl.trim()) : null;
  if (!web) return noLink;
  const forge = FORGES.find((f) => f.matches(web.host));
  if (!forge) return noLink;
  const repo = `https://${web.host}${web.port}/${web.path}`;
  return (sha) => forge.commit(repo, sha);
}

function webAddress(remote: string): { host: string; port: string; path: string } | null {
  const scp = /^(?:[^@/:]+@)?([^:/]+):(?!\/\/)(.+)$/.exec(remote);
  if (scp && !remote.includes('://')) return withPath(scp[1] ?? '', '', scp[2] ?? '');
  let url: URL;
  try {
    url = new URL(remote);
  } catch {
    return null;
  }
  if (!['https:', 'http:', 'ssh:', 'git:', 'git+ssh:'].includes(url.protocol)) return null;
  // An ssh port is not the web server's.
  const port = url.port && (url.protocol === 'https:' || url.protocol === 'http:') ? `:${url.port}` : '';
  return withPath(url.hostname.toLowerCase(), port, decodeURIComponent(url.pathname));
}

function withPath(host: string, port: string, path: string): { host: string; port: string; path: string } | null {
  const clean = path.replace(/^\/+|\/+$/g, '').replace(/\.git$/, '');
  return host && clean.includes('/') ? { host: host.toLowerCase(), port, path: clean } : null;
}
