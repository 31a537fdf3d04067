// Regenerates events/ by running every scenario of scenarios.json as a real program that fails:
// the shop (node/) reports through @sentry/node, the billing jobs (python/) through sentry_sdk;
// the warehouse (dotnet/), inventory (java/) and shipping (go/) programs, whose Sentry SDKs
// cannot be installed here, report through a small reporter of their own that sends what those
// SDKs send (type, message, the runtime's stack frames, source context) to the store endpoint.
// A local server stands in for BugSage and keeps each request body as it was sent
// (decompressed), named <scenario>-<run>.<envelope|store>.
//
// Needs: the Compat tests' npm packages (npm ci in tests/BugSage.Compat.Tests/sdk), Debian's
// python3-sentry-sdk, openjdk-17-jdk-headless and golang-go, and the .NET SDK. Programs run from
// /srv/<program>, as a deployment would, so stack traces name those paths and not this checkout.
// Usage: node tests/datasets/failing-programs/generate.mjs
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync, inflateSync } from 'node:zlib';

const here = dirname(fileURLToPath(import.meta.url));
const sdkModules = join(here, '../../BugSage.Compat.Tests/sdk/node_modules');
const { bugs, scenarios } = JSON.parse(readFileSync(join(here, 'scenarios.json'), 'utf8'));
const runsPerScenario = 2;

const apps = [['/srv/shop', 'node'], ['/srv/billing', 'python'], ['/srv/warehouse', 'dotnet'], ['/srv/inventory', 'java'], ['/srv/shipping', 'go']];
for (const [app, source] of apps) {
  rmSync(app, { recursive: true, force: true });
  cpSync(join(here, source), app, { recursive: true, filter: (path) => !/\/(bin|obj)$/.test(path) });
}
symlinkSync(sdkModules, '/srv/shop/node_modules');
const build = (cmd, args, cwd) => execFileSync(cmd, args, { cwd, stdio: 'inherit' });
build('dotnet', ['build', '-c', 'Release', '-o', 'out', '-v', 'q', '-nologo'], '/srv/warehouse');
build('javac', ['-g', '-d', 'out', ...['Main', 'Stock', 'Reporter'].map((c) => `src/inventory/${c}.java`)], '/srv/inventory');
build('go', ['build', '-o', 'shipping', '.'], '/srv/shipping');
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

const storeUrl = `http://127.0.0.1:${server.address().port}/api/1/store/`;
const run = promisify(execFile);
for (const scenario of scenarios) {
  const [task, input] = scenario.run;
  const language = bugs[scenario.bug].language;
  for (let attempt = 1; attempt <= runsPerScenario; attempt++) {
    current = `${String(scenario.id).padStart(3, '0')}-${attempt}`;
    const user = `u${scenario.id * 10 + attempt}`;
    const [cmd, args, cwd] = {
      python: ['/usr/bin/python3', ['-m', 'billing.run', task, JSON.stringify(input), user], '/srv/billing'],
      javascript: ['node', ['/srv/shop/run.js', task, JSON.stringify(input), user], '/srv/shop'],
      dotnet: ['dotnet', ['/srv/warehouse/out/Warehouse.dll', task, input, storeUrl], '/srv/warehouse'],
      java: ['java', ['-cp', 'out', 'inventory.Main', task, input, storeUrl], '/srv/inventory'],
      go: ['/srv/shipping/shipping', [task, input, storeUrl], '/srv/shipping'],
    }[language];
    // Asynchronously: the capture server above answers the program on this same thread. The
    // compiled programs exit 1 after reporting their failure, as an uncaught error would.
    await run(cmd, args, { cwd, env: { PATH: process.env.PATH, HOME: process.env.HOME, SENTRY_DSN: dsn } })
      .catch((error) => { if (error.code !== 1) throw error; });
    if (!existsSync(join(out, `${current}.envelope`)) && !existsSync(join(out, `${current}.store`))) throw new Error(`${current} reported nothing`);
  }
}
server.close();
console.log(`wrote ${scenarios.length * runsPerScenario} runs to ${out}`);
