// Regenerates events/ by running every scenario of scenarios.json as a real program that fails:
// the shop (node/) reports through @sentry/node, the billing jobs (python/) through sentry_sdk.
// A local server stands in for BugSage and keeps each request body as the SDK sent it
// (decompressed), named <scenario>-<run>.<envelope|store>.
//
// Needs: the Compat tests' npm packages (npm ci in tests/BugSage.Compat.Tests/sdk) and Debian's
// python3-sentry-sdk. Programs run from /srv/shop and /srv/billing, as a deployment would, so the
// stack traces name those paths and not this checkout.
// Usage: node tests/datasets/failing-programs/generate.mjs
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { cpSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync, inflateSync } from 'node:zlib';

const here = dirname(fileURLToPath(import.meta.url));
const sdkModules = join(here, '../../BugSage.Compat.Tests/sdk/node_modules');
const { bugs, scenarios } = JSON.parse(readFileSync(join(here, 'scenarios.json'), 'utf8'));
const runsPerScenario = 2;

for (const [app, source] of [['/srv/shop', 'node'], ['/srv/billing', 'python']]) {
  rmSync(app, { recursive: true, force: true });
  cpSync(join(here, source), app, { recursive: true });
}
symlinkSync(sdkModules, '/srv/shop/node_modules');
const out = join(here, 'events');
rmSync(out, { recursive: true, force: true });
mkdirSync(out);

let current = '';
const server = createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    let body = Buffer.concat(chunks);
    const encoding = req.headers['content-encoding'];
    if (encoding === 'gzip') body = gunzipSync(body);
    else if (encoding === 'deflate') body = inflateSync(body);
    const kind = req.url.includes('/store/') ? 'store' : 'envelope';
    // Only error events: sessions and client reports say nothing about bugs.
    const isEvent = kind === 'store' || /"type":\s*"event"/.test(body.toString('utf8'));
    if (isEvent) writeFileSync(join(out, `${current}.${kind}`), body);
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{}');
  });
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const dsn = `http://0123456789abcdef0123456789abcdef@127.0.0.1:${server.address().port}/1`;

for (const scenario of scenarios) {
  const [task, input] = scenario.run;
  const language = bugs[scenario.bug].language;
  for (let run = 1; run <= runsPerScenario; run++) {
    current = `${String(scenario.id).padStart(3, '0')}-${run}`;
    const user = `u${scenario.id * 10 + run}`;
    const [cmd, args, cwd] = language === 'python'
      ? ['/usr/bin/python3', ['-m', 'billing.run', task, JSON.stringify(input), user], '/srv/billing']
      : ['node', ['/srv/shop/run.js', task, JSON.stringify(input), user], '/srv/shop'];
    // Asynchronously: the capture server above answers the program on this same thread.
    await promisify(execFile)(cmd, args, { cwd, env: { PATH: process.env.PATH, SENTRY_DSN: dsn } });
  }
}
server.close();
console.log(`wrote ${scenarios.length * runsPerScenario} runs to ${out}`);
