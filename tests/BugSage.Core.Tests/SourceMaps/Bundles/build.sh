#!/usr/bin/env bash
# Rebuilds the source map fixtures from src/ with real bundlers, and records the stack trace
# Node.js prints when each minified bundle runs. The outputs are committed; the tests read them.
#   esbuild/: esbuild bundles and minifies in one step (names in the map)
#   terser/:  esbuild bundles, terser minifies with esbuild's map as its input map (a composed map)
set -euo pipefail
cd "$(dirname "$0")"
[ -d node_modules ] || npm ci --no-audit --no-fund --silent
rm -rf esbuild terser && mkdir -p esbuild terser

npx esbuild src/app.js --bundle --minify --sourcemap --sources-content=true --platform=node --format=iife --outfile=esbuild/app.min.js --log-level=warning
# Stack traces name the file by the URL a browser would have loaded it from, not this machine's path.
node esbuild/app.min.js | sed "s#$PWD/esbuild/#https://shop.example/assets/#" > esbuild/stack.txt

npx esbuild src/app.js --bundle --sourcemap --platform=node --format=iife --outfile=terser/bundle.js --log-level=warning
npx terser terser/bundle.js --compress --mangle --source-map "content='terser/bundle.js.map',url='app.min.js.map',includeSources" -o terser/app.min.js
rm terser/bundle.js terser/bundle.js.map
node terser/app.min.js | sed "s#$PWD/terser/#https://shop.example/assets/#" > terser/stack.txt
rm -rf node_modules
