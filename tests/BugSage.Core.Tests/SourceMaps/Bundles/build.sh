#!/usr/bin/env bash
# Rebuilds the source map fixtures from src/ with real bundlers, and records the stack trace
# Node.js prints when each minified bundle runs. The outputs are committed; the tests read them.
#   esbuild/: esbuild bundles and minifies in one step (names in the map)
#   terser/:  esbuild bundles, terser minifies with esbuild's map as its input map (a composed map)
#   esbuild-next/: the same source as esbuild/, built again with another configuration (a banner
#                  and kept names): another bundle hash, other positions; the same bug for grouping
set -euo pipefail
cd "$(dirname "$0")"
[ -d node_modules ] || npm ci --no-audit --no-fund --silent
rm -rf esbuild terser esbuild-next && mkdir -p esbuild terser esbuild-next

npx esbuild src/app.js --bundle --minify --sourcemap --sources-content=true --platform=node --format=iife --outfile=esbuild/app.min.js --log-level=warning
# Stack traces name the file by the URL a browser would have loaded it from, not this machine's path.
node esbuild/app.min.js | sed "s#$PWD/esbuild/#https://shop.example/assets/#" > esbuild/stack.txt

npx esbuild src/app.js --bundle --sourcemap --platform=node --format=iife --outfile=terser/bundle.js --log-level=warning
npx terser terser/bundle.js --compress --mangle --source-map "content='terser/bundle.js.map',url='app.min.js.map',includeSources" -o terser/app.min.js
rm terser/bundle.js terser/bundle.js.map
node terser/app.min.js | sed "s#$PWD/terser/#https://shop.example/assets/#" > terser/stack.txt
npx esbuild src/app.js --bundle --minify --keep-names --sourcemap --sources-content=true --platform=node --format=iife \
  "--banner:js=/* shop 3.1.1 */ var buildStamp = 1;" --outfile=esbuild-next/app.min.js --log-level=warning
node esbuild-next/app.min.js | sed "s#$PWD/esbuild-next/#https://shop.example/assets/#" > esbuild-next/stack.txt
rm -rf node_modules
