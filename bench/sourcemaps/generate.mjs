// Builds minified browser bundles with source maps for the source map benchmark, and after
// `sentry-cli sourcemaps inject` lists their throw sites for the load script.
//
//   node generate.mjs build <dir> <bundles> <modules per bundle> <functions per module>
//     writes <dir>/src/b<i>/*.js (an application of generated modules that also bundles the real
//     @sentry/browser) and builds <dir>/dist/b<i>.min.js with its map (esbuild, minified,
//     sources embedded).
//   node generate.mjs sites <dir> <sites>
//     reads the injected bundles and maps, and writes <dir>/sites.lua: for each throw site its
//     bundle URL, debug ID, and three frames (two callers and the throw) both as minified
//     positions with the minified function names and as the original file, line and column.
import { createRequire } from 'node:module';
import { mkdirSync, readFileSync, writeFileSync, readdirSync } from 'node:fs';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const sdk = resolve(dirname(fileURLToPath(import.meta.url)), '../../tests/BugSage.Compat.Tests/sdk');
const require = createRequire(join(sdk, 'package.json'));
const origin = 'https://shop.example.com';
const [command, dir, ...args] = process.argv.slice(2);

// One function of a module: a plausible body of ordinary code whose throw names its site, so
// the site is found again in the minified output.
function functionSource(b, m, f) {
  return `
export function ${name(m, f)}(cart, options = {}) {
  const rules = options.rules ?? cart.rules ?? {};
  let total = 0;
  for (const item of cart.items ?? []) {
    const quantity = Math.max(0, item.quantity | 0);
    total += item.price * quantity;
  }
  if (rules.percent) {
    total = total * (1 - rules.percent / 100);
  }
  const rounded = Math.round(total * 100) / 100;
  if (options.code !== undefined && !(options.code in rules)) {
    throw new Error("site ${b}/${m}/${f}: unknown code " + options.code);
  }
  return { total: rounded, currency: options.currency ?? "EUR", items: (cart.items ?? []).length };
}
`;
}

const name = (m, f) => ['applyDiscount', 'totalPrice', 'shippingCost', 'validateCart', 'formatInvoice', 'taxFor', 'loyaltyPoints', 'couponValue'][f % 8] + m + '_' + f;

async function build(bundles, modules, functions) {
  const esbuild = require('esbuild');
  const sites = [];
  for (let b = 0; b < bundles; b++) {
    const src = join(dir, 'src', `b${b}`);
    mkdirSync(src, { recursive: true });
    const imports = [];
    for (let m = 0; m < modules; m++) {
      let text = `// Module ${m} of bundle ${b}: generated cart logic.\n`;
      for (let f = 0; f < functions; f++) {
        const body = functionSource(b, m, f);
        const lines = (text + body.slice(0, body.indexOf('throw new Error'))).split('\n');
        sites.push({ b, m, f, line: lines.length, column: lines[lines.length - 1].length + 'throw '.length + 1 });
        text += body;
      }
      writeFileSync(join(src, `mod${m}.js`), text);
      imports.push(`import * as m${m} from './mod${m}.js';`);
    }
    writeFileSync(join(src, 'main.js'), `import * as Sentry from '@sentry/browser';\n${imports.join('\n')}\n` +
      `Sentry.init({ dsn: window.SENTRY_DSN, release: 'shop@3.0.0' });\nwindow.shop = { ${Array.from({ length: modules }, (_, m) => `m${m}`).join(', ')} };\n`);
    await esbuild.build({
      entryPoints: [join(src, 'main.js')], bundle: true, minify: true, sourcemap: true, format: 'iife',
      outfile: join(dir, 'dist', `b${b}.min.js`), nodePaths: [join(sdk, 'node_modules')], logLevel: 'warning',
    });
  }
  writeFileSync(join(dir, 'original-sites.json'), JSON.stringify(sites));
}

function listSites(count) {
  const original = JSON.parse(readFileSync(join(dir, 'original-sites.json'), 'utf8'));
  const bundles = readdirSync(join(dir, 'dist')).filter(f => f.endsWith('.min.js'));
  const byBundle = new Map();
  for (const file of bundles) {
    const b = Number(file.match(/^b(\d+)/)[1]);
    const code = readFileSync(join(dir, 'dist', file), 'utf8');
    const map = JSON.parse(readFileSync(join(dir, 'dist', file + '.map'), 'utf8'));
    const debugId = map.debugId ?? map.debug_id;
    if (!debugId) throw new Error(`${file}.map has no debug ID: run sentry-cli sourcemaps inject first`);
    byBundle.set(b, { file, code, debugId });
  }
  const frameOf = site => {
    const { code, file } = byBundle.get(site.b);
    const at = code.indexOf(`"site ${site.b}/${site.m}/${site.f}:`);
    if (at < 0) throw new Error(`site ${site.b}/${site.m}/${site.f} not found in ${file}`);
    const newAt = code.lastIndexOf('new Error(', at);
    const declaration = code.lastIndexOf('function ', newAt);
    const minifiedName = code.slice(declaration + 'function '.length).match(/^[A-Za-z_$][\w$]*/)[0];
    const before = code.slice(0, newAt);
    const line = before.split('\n').length;
    const column = newAt - before.lastIndexOf('\n');
    return {
      minified: { url: `${origin}/assets/${file}`, line, column, fn: minifiedName },
      original: { url: `${origin}/src/b${site.b}/mod${site.m}.js`, line: site.line, column: site.column, fn: name(site.m, site.f) },
    };
  };
  // Sites spread over every bundle; the two callers are other functions of the same bundle.
  const pick = [];
  for (let i = 0; i < count; i++) pick.push(original[Math.floor((i + 0.5) * original.length / count)]);
  const sameBundle = (site, k) => { const all = original.filter(s => s.b === site.b); return all[(all.indexOf(site) + k * 7) % all.length]; };
  const lua = ['return {'];
  for (const site of pick) {
    const frames = [sameBundle(site, 2), sameBundle(site, 1), site].map(frameOf);
    const f = kind => frames.map(fr => `{${JSON.stringify(fr[kind].url)},${fr[kind].line},${fr[kind].column},${JSON.stringify(fr[kind].fn)}}`).join(',');
    lua.push(`{debug_id=${JSON.stringify(byBundle.get(site.b).debugId)},minified={${f('minified')}},original={${f('original')}}},`);
  }
  lua.push('}');
  writeFileSync(join(dir, 'sites.lua'), lua.join('\n') + '\n');
}

if (command === 'build') await build(Number(args[0]), Number(args[1]), Number(args[2]));
else if (command === 'sites') listSites(Number(args[0]));
else throw new Error('usage: generate.mjs build <dir> <bundles> <modules> <functions> | sites <dir> <sites>');
