-- wrk script: POSTs envelopes shaped like the ones @sentry/browser 11 sends for an uncaught Error
-- (about 3 KB: exception with three frames, breadcrumbs, request, contexts, SDK block), each with
-- a fresh event id, spread over the throw sites that generate.mjs listed in sites.lua.
-- BENCH_MODE=minified: the frames point into the minified bundles (line 1, the minified function
-- names) and debug_meta names each bundle's debug ID, as after `sentry-cli sourcemaps inject`.
-- BENCH_MODE=original: the same events with the frames at the original files, lines and names.
-- Env: BENCH_PATH (/api/1/envelope/?sentry_key=...), BENCH_SITES_FILE (sites.lua), BENCH_MODE.

local path = os.getenv("BENCH_PATH") or "/api/1/envelope/"
local mode = os.getenv("BENCH_MODE") or "minified"
local sites = dofile(os.getenv("BENCH_SITES_FILE"))
local hex = {"0","1","2","3","4","5","6","7","8","9","a","b","c","d","e","f"}

local function event_id()
  local t = {}
  for i = 1, 32 do t[i] = hex[math.random(1, 16)] end
  return table.concat(t)
end

function setup(thread)
  thread:set("seed", math.random(1, 2^30))
end

function init(args)
  math.randomseed(os.time() + (seed or 0))
end

local tail = '"platform":"javascript","level":"error","environment":"production",' ..
  '"request":{"url":"https://shop.example.com/checkout","headers":{"User-Agent":"Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36","Referer":"https://shop.example.com/cart"}},' ..
  '"breadcrumbs":[{"timestamp":1795315548.1,"category":"ui.click","message":"button#buy"},' ..
  '{"timestamp":1795315548.2,"category":"fetch","type":"http","data":{"method":"POST","url":"/api/cart","status_code":200}},' ..
  '{"timestamp":1795315548.3,"category":"console","level":"warning","message":"coupon lookup fell back to defaults"}],' ..
  '"contexts":{"trace":{"trace_id":"265a63af61eb40c1a605a68f449bf371","span_id":"84b423e686794168"}},' ..
  '"sdk":{"integrations":["InboundFilters","FunctionToString","BrowserApiErrors","Breadcrumbs","GlobalHandlers","LinkedErrors","Dedupe","HttpContext","BrowserSession"],' ..
  '"name":"sentry.javascript.browser","version":"11.12.0","packages":[{"name":"npm:@sentry/browser","version":"11.12.0"}]},' ..
  '"release":"shop@3.0.0",'

local function frame(f)
  return '{"filename":"' .. f[1] .. '","abs_path":"' .. f[1] .. '","function":"' .. f[4] .. '","lineno":' .. f[2] .. ',"colno":' .. f[3] .. ',"in_app":true}'
end

request = function()
  local id = event_id()
  local site = sites[math.random(1, #sites)]
  local frames = site[mode]
  local user = math.random(1, 5000)
  local payload = '{"exception":{"values":[{"type":"Error","value":"unknown code SUMMER' .. user % 10 .. '","stacktrace":{"frames":[' ..
    frame(frames[1]) .. ',' .. frame(frames[2]) .. ',' .. frame(frames[3]) ..
    ']},"mechanism":{"type":"onerror","handled":false}}]},'
  if mode == "minified" then
    payload = payload .. '"debug_meta":{"images":[{"type":"sourcemap","code_file":"' .. frames[3][1] .. '","debug_id":"' .. site.debug_id .. '"}]},'
  end
  payload = payload .. tail ..
    '"user":{"id":"shopper-' .. user .. '","ip_address":"{{auto}}"},' ..
    '"tags":{"page":"checkout"},"event_id":"' .. id .. '","timestamp":' .. os.time() .. '.5}'
  local body = '{"event_id":"' .. id .. '","sent_at":"2026-12-02T12:00:00.000Z","sdk":{"name":"sentry.javascript.browser","version":"11.12.0"}}\n' ..
    '{"type":"event","length":' .. #payload .. '}\n' .. payload .. '\n'
  return wrk.format("POST", path, {["Content-Type"] = "text/plain;charset=UTF-8"}, body)
end

done = function(summary, latency, requests)
  io.write(string.format("BENCH requests=%d non2xx=%d connect_errors=%d read_errors=%d timeouts=%d duration_us=%d\n",
    summary.requests, summary.errors.status, summary.errors.connect, summary.errors.read, summary.errors.timeout, summary.duration))
end
