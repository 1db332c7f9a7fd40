-- Requests for wrk from a file of tab-separated lines: METHOD, PATH, HEADERS, BODY.
-- HEADERS is "Name: value" pairs joined by "|" (may be empty); BODY may be empty.
-- Each thread starts at its own place in the list and walks it round-robin.
-- BENCH_REQUESTS names the file; BENCH_TOKEN, when set, is sent as a Bearer token with every
-- request that is not a GET (the reads stay anonymous, as readers are).
-- done() prints one JSON line (BENCH_RESULT ...) that bench.load reads.

local requests = {}
local token = os.getenv("BENCH_TOKEN")

local function split(line, sep)
  local out, start = {}, 1
  while true do
    local i = string.find(line, sep, start, true)
    if not i then table.insert(out, string.sub(line, start)); return out end
    table.insert(out, string.sub(line, start, i - 1))
    start = i + #sep
  end
end

for line in io.lines(os.getenv("BENCH_REQUESTS")) do
  local f = split(line, "\t")
  local headers = {}
  if f[3] and f[3] ~= "" then
    for _, pair in ipairs(split(f[3], "|")) do
      local k, v = string.match(pair, "^([^:]+):%s*(.*)$")
      headers[k] = v
    end
  end
  if token and token ~= "" and f[1] ~= "GET" then headers["Authorization"] = "Bearer " .. token end
  if f[4] and f[4] ~= "" then headers["Content-Type"] = "application/json" end
  table.insert(requests, wrk.format(f[1], f[2], headers, f[4] ~= "" and f[4] or nil))
end

local counter = 0
local thread_no = 0
function setup(thread)
  thread:set("offset", thread_no * 7919)
  thread_no = thread_no + 1
end

function request()
  counter = counter + 1
  return requests[((offset or 0) + counter) % #requests + 1]
end

function done(summary, latency, requests_)
  local e = summary.errors
  io.write(string.format(
    'BENCH_RESULT {"requests": %d, "duration_us": %d, "bytes": %d, "p50_us": %d, "p90_us": %d, ' ..
    '"p99_us": %d, "max_us": %d, "mean_us": %.1f, "errors": {"connect": %d, "read": %d, ' ..
    '"write": %d, "status": %d, "timeout": %d}}\n',
    summary.requests, summary.duration, summary.bytes, latency:percentile(50),
    latency:percentile(90), latency:percentile(99), latency.max, latency.mean,
    e.connect, e.read, e.write, e.status, e.timeout))
end
