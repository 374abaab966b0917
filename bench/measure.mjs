// Runs one command and measures it: wall time, the peak resident memory of its largest process
// (GNU time's "Maximum resident set size"), and for relman its own peak (rss-probe.mjs) or what it
// held after full collections (live-probe.mjs).
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const GNU_TIME = '/usr/bin/time';
export const hasGnuTime = existsSync(GNU_TIME);
export const RSS_PROBE = new URL('./rss-probe.mjs', import.meta.url).pathname;
export const LIVE_PROBE = new URL('./live-probe.mjs', import.meta.url).pathname;

let runs = 0;

/**
 * Runs `command` (an argument array) at low priority, so the shared machine stays usable, and cut at
 * `limitSeconds`; `discardOutput` sends its standard output to /dev/null. Resolves
 * { seconds, timedOut, code, stdout, stderr, peakMB, ownPeakMB, heldMB }.
 */
export function measure(command, { cwd, env = {}, limitSeconds = 0, discardOutput = false } = {}) {
  const id = `${process.pid}-${++runs}`;
  const timeFile = path.join(tmpdir(), `relman-bench-time-${id}.txt`);
  const probeFile = path.join(tmpdir(), `relman-bench-rss-${id}.txt`);
  const liveFile = path.join(tmpdir(), `relman-bench-live-${id}.txt`);
  // GNU timeout signals the command's whole process group, and GNU time outlives it to report.
  const limited = limitSeconds > 0 ? ['timeout', '-s', 'KILL', String(limitSeconds), ...command] : command;
  const argv = ['nice', '-n', '10', ...(hasGnuTime ? [GNU_TIME, '-v', '-o', timeFile] : []), ...limited];
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(argv[0], argv.slice(1), {
      cwd,
      env: { ...measuredEnv(), ...env, RELMAN_BENCH_RSS_FILE: probeFile, RELMAN_BENCH_LIVE_FILE: liveFile },
      stdio: ['ignore', discardOutput ? 'ignore' : 'pipe', 'pipe'],
    });
    const sampler = hasGnuTime ? null : sampleTree(child.pid);
    const out = [];
    const err = [];
    child.stdout?.on('data', (d) => out.push(d));
    child.stderr.on('data', (d) => err.push(d));
    child.on('error', reject);
    child.on('close', (code) => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const peakMB = hasGnuTime ? gnuTimePeak(timeFile) : sampler.stop();
      const ownPeakMB = readNumber(probeFile);
      const heldMB = readNumber(liveFile);
      for (const file of [timeFile, probeFile, liveFile]) rmSync(file, { force: true });
      const timedOut = limitSeconds > 0 && (code === 137 || seconds >= limitSeconds);
      resolve({ seconds, timedOut, code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8'), peakMB, ownPeakMB, heldMB });
    });
  });
}

/**
 * The environment measured commands run in: this one without NODE_EXTRA_CA_CERTS, which makes every
 * Node.js start read and parse a file of certificates (tens of ms where a sandbox sets it) and which no
 * measured command needs: none of them makes a TLS connection.
 */
export function measuredEnv() {
  const { NODE_EXTRA_CA_CERTS: _, ...rest } = process.env;
  return rest;
}

function gnuTimePeak(file) {
  const text = existsSync(file) ? readFileSync(file, 'utf8') : '';
  const kb = /Maximum resident set size \(kbytes\): (\d+)/.exec(text);
  return kb ? Number(kb[1]) / 1024 : null;
}

function readNumber(file) {
  if (!existsSync(file)) return null;
  const n = Number(readFileSync(file, 'utf8').trim());
  return Number.isFinite(n) ? n : null;
}

/** Without GNU time: samples the peak (VmHWM) of every process under `pid` from /proc, every 100 ms. */
function sampleTree(pid) {
  let peakKB = 0;
  const sample = () => {
    for (const p of descendants(pid)) {
      try {
        const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${p}/status`, 'utf8'));
        if (hwm) peakKB = Math.max(peakKB, Number(hwm[1]));
      } catch {
        // the process ended between listing and reading
      }
    }
  };
  const timer = setInterval(sample, 100);
  return {
    stop() {
      clearInterval(timer);
      return peakKB ? peakKB / 1024 : null;
    },
  };
}

function descendants(root) {
  const parents = new Map();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      parents.set(Number(entry), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // gone already
    }
  }
  const found = [root];
  for (let i = 0; i < found.length; i++) for (const [p, parent] of parents) if (parent === found[i]) found.push(p);
  return found;
}

/** Median and range of a list of numbers. */
export function summary(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return { median, min: sorted[0], max: sorted[sorted.length - 1], n: sorted.length };
}
