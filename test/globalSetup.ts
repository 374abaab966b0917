import { execFileSync } from 'node:child_process';

// The CLI tests run the real bundle through ./bin/relman: build it once, fresh, before they start.
export default function setup(): void {
  execFileSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
}
