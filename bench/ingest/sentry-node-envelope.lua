-- wrk script: POSTs envelopes shaped like the ones @sentry/node 11 sends for a captured
-- TypeError (about 5 KB), each with a fresh event id, spread over many throw sites and users.
-- Every body is built by string concatenation, so the generator stays cheap.
-- Env: BENCH_PATH (e.g. /api/1/envelope/?sentry_key=...), BENCH_SITES (default 500), BENCH_DELAY_MS (0),
-- BENCH_SEED (0): set a different one for each of several wrk processes started together, whose
-- setup() draws the same unseeded numbers and would otherwise send the same event ids.

local path = os.getenv("BENCH_PATH") or "/api/1/envelope/"
local sites = tonumber(os.getenv("BENCH_SITES") or "500")
local delay_ms = tonumber(os.getenv("BENCH_DELAY_MS") or "0")
local process_seed = tonumber(os.getenv("BENCH_SEED") or "0")
local hex = {"0","1","2","3","4","5","6","7","8","9","a","b","c","d","e","f"}
local counter = 0

local function event_id()
  local t = {}
  for i = 1, 32 do t[i] = hex[math.random(1, 16)] end
  return table.concat(t)
end

function setup(thread)
  thread:set("seed", math.random(1, 2^30))
end

function init(args)
  math.randomseed(os.time() + (seed or 0) + process_seed * 104729)
end

function delay()
  return delay_ms
end

local head = '{"exception":{"values":[{"type":"TypeError","value":"Cannot read properties of undefined (reading \'name\')","stacktrace":{"frames":[' ..
  '{"filename":"node:internal/process/task_queues","module":"task_queues","function":"process.processTicksAndRejections","lineno":105,"colno":5,"in_app":false},' ..
  '{"filename":"/srv/app/node_modules/express/lib/router/layer.js","module":"express.lib.router:layer","function":"Layer.handle [as handle_request]","lineno":95,"colno":5,"in_app":false},' ..
  '{"filename":"/srv/app/node_modules/express/lib/router/route.js","module":"express.lib.router:route","function":"next","lineno":149,"colno":13,"in_app":false},'

local tail_contexts = '"contexts":{"trace":{"trace_id":"265a63af61eb40c1a605a68f449bf371","span_id":"84b423e686794168"},' ..
  '"runtime":{"name":"node","version":"v20.20.2"},"app":{"app_start_time":"2026-11-22T02:45:48.209Z","app_memory":125087744,"free_memory":24761921536},' ..
  '"os":{"kernel_version":"6.1.0-18-amd64","name":"Debian","version":"12.11"},' ..
  '"device":{"boot_time":"2026-11-22T02:14:51.914Z","arch":"x64","memory_size":25276510208,"free_memory":24761921536,"processor_count":2,"cpu_description":"AMD EPYC","processor_frequency":0},' ..
  '"culture":{"locale":"en-US","timezone":"UTC"},"cloud_resource":{}},' ..
  '"server_name":"web-1","environment":"production",' ..
  '"request":{"method":"GET","url":"https://api.example.com/users/7","headers":{"host":"api.example.com","user-agent":"Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36","accept":"application/json","accept-language":"en-US,en;q=0.9","x-request-id":"4c1f0e3a-9d1b-4b3e-8f51-2f8c1f6e9a10"}},' ..
  '"breadcrumbs":[{"timestamp":1795315548.1,"category":"console","level":"log","message":"GET /users/7 started"},' ..
  '{"timestamp":1795315548.2,"category":"http","type":"http","data":{"method":"GET","url":"http://users-service.internal/users/7","status_code":404}},' ..
  '{"timestamp":1795315548.3,"category":"console","level":"warning","message":"user 7 not found in cache, falling back"}],' ..
  '"sdk":{"integrations":["EventFilters","FunctionToString","LinkedErrors","Dedupe","RequestData","NodeSystemError","Console","Http","NodeFetch","OnUncaughtException","OnUnhandledRejection","ContextLines","LocalVariablesAsync","Context","ChildProcess","WorkerThreads","ProcessSession","Modules","Express"],' ..
  '"name":"sentry.javascript.node","version":"11.12.0","packages":[{"name":"npm:@sentry/node","version":"11.12.0"}]},'

request = function()
  counter = counter + 1
  local id = event_id()
  local site = math.random(1, sites)
  local user = math.random(1, 5000)
  local payload = head ..
    '{"filename":"/srv/app/src/routes/users.js","module":"routes.users","function":"router.get","lineno":' .. (20 + site % 7) .. ',"colno":12,"in_app":true,' ..
    '"pre_context":["const express = require(\'express\');","const { findUser } = require(\'../services/users\');","","const router = express.Router();",""],' ..
    '"context_line":"router.get(\'/users/:id\', async (req, res) => res.json(await handler' .. site .. '(req.params.id)));",' ..
    '"post_context":["","module.exports = router;","","// end of routes/users.js",""]},' ..
    '{"filename":"/srv/app/src/services/users' .. (site % 40) .. '.js","module":"services.users' .. (site % 40) .. '","function":"handler' .. site .. '","lineno":' .. (40 + site % 13) .. ',"colno":20,"in_app":true,' ..
    '"pre_context":["async function handler' .. site .. '(id) {","  const users = await cache.get(\'users\');","  if (!users) {","    log.warn(\'cache miss\');","  }"],' ..
    '"context_line":"  return users[id].name;",' ..
    '"post_context":["}","","module.exports = { handler' .. site .. ' };","",""]}' ..
    ']},"mechanism":{"type":"generic","handled":true}}]},' ..
    '"event_id":"' .. id .. '","level":"error","platform":"node",' .. tail_contexts ..
    '"user":{"id":"user-' .. user .. '","email":"user' .. user .. '@example.com"},' ..
    '"tags":{"route":"/users/:id","region":"eu-west-1"},' ..
    '"timestamp":' .. os.time() .. '.5,"release":"api@3.4.' .. (site % 5) .. '"}'
  local body = '{"event_id":"' .. id .. '","sent_at":"2026-11-22T02:45:48.872Z","sdk":{"name":"sentry.javascript.node","version":"11.12.0"}}\n' ..
    '{"type":"event","length":' .. #payload .. '}\n' .. payload .. '\n'
  return wrk.format("POST", path, {["Content-Type"] = "application/x-sentry-envelope"}, body)
end

done = function(summary, latency, requests)
  local non2xx = summary.errors.status
  io.write(string.format("BENCH requests=%d non2xx=%d connect_errors=%d read_errors=%d timeouts=%d duration_us=%d\n",
    summary.requests, non2xx, summary.errors.connect, summary.errors.read, summary.errors.timeout, summary.duration))
  io.write(string.format("BENCH latency_p50_us=%d latency_p99_us=%d latency_p999_us=%d latency_max_us=%d\n",
    latency:percentile(50), latency:percentile(99), latency:percentile(99.9), latency.max))
end
