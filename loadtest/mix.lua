-- wrk script for `make loadtest`: requests the addresses listed in the file named by the
-- environment variable LOADTEST_PATHS (one path per line, repeated by weight), each thread
-- from its own starting point, and reports a JSON summary with the count of every status.

local threads = {}

function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

function init(args)
  paths = {}
  for line in io.lines(os.getenv("LOADTEST_PATHS")) do
    if line ~= "" then
      table.insert(paths, line)
    end
  end
  -- Spread the threads over the list so they do not all ask for the same page at once.
  position = (id * 7919) % #paths
  statuses = {}
  -- As behind the TLS-terminating proxy: Django sees HTTPS and sends its HTTPS headers.
  wrk.headers["X-Forwarded-Proto"] = "https"
  wrk.headers["Accept-Language"] = "it-IT,it;q=0.9,en;q=0.8"
  wrk.headers["User-Agent"] = "registroimpact-loadtest (wrk)"
end

function request()
  position = position % #paths + 1
  return wrk.format("GET", paths[position])
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

local function json_object(counts)
  local parts = {}
  for key, value in pairs(counts) do
    table.insert(parts, string.format('"%s": %d', key, value))
  end
  return "{" .. table.concat(parts, ", ") .. "}"
end

function done(summary, latency, requests)
  local statuses = {}
  for _, thread in ipairs(threads) do
    for status, count in pairs(thread:get("statuses")) do
      statuses[status] = (statuses[status] or 0) + count
    end
  end
  local percentiles = {}
  for _, p in ipairs({50, 75, 90, 95, 99, 99.9}) do
    table.insert(percentiles, string.format('"%s": %d', p, latency:percentile(p)))
  end
  io.write("LOADTEST-SUMMARY ")
  io.write(string.format(
    '{"requests": %d, "duration_us": %d, "bytes": %d, '
      .. '"errors": {"connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d}, '
      .. '"latency_us": {"mean": %.0f, "stdev": %.0f, "max": %d, "percentiles": {%s}}, '
      .. '"statuses": %s}\n',
    summary.requests, summary.duration, summary.bytes,
    summary.errors.connect, summary.errors.read, summary.errors.write,
    summary.errors.status, summary.errors.timeout,
    latency.mean, latency.stdev, latency.max, table.concat(percentiles, ", "),
    json_object(statuses)
  ))
end
