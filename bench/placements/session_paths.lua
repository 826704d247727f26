-- wrk script: cycles through "path<TAB>cookie" lines of the file named by $PATHS_FILE, sending each
-- path with its session cookie (logged-in pages). Copied from bench/foundation/multi.lua.
local paths = {}
local cookies = {}
local counter = 0

init = function(args)
  for line in io.lines(os.getenv("PATHS_FILE")) do
    local path, cookie = line:match("^([^\t]+)\t(.*)$")
    if path then
      paths[#paths + 1] = path
      cookies[#cookies + 1] = cookie
    end
  end
  counter = math.random(#paths)
end

request = function()
  counter = counter % #paths + 1
  return wrk.format("GET", paths[counter], { ["Cookie"] = cookies[counter] })
end

done = function(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write
    + summary.errors.status + summary.errors.timeout
  io.write(string.format(
    "RESULT requests=%d rps=%.1f p50_ms=%.2f p90_ms=%.2f p95_ms=%.2f p99_ms=%.2f max_ms=%.2f errors=%d\n",
    summary.requests, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000, errors))
end
