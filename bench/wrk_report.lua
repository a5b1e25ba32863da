-- wrk script for bench/bench_phone.py: optional list of paths to cycle through (the first
-- script argument, one path a line), and a machine-readable summary line at the end, so that
-- nothing parses wrk's human output (whose units and spacing vary: `1.24s `, `980.12ms`).
local paths = nil
local counter = 0

function init(args)
  if args[1] then
    paths = {}
    for line in io.lines(args[1]) do
      if line ~= "" then paths[#paths + 1] = line end
    end
    -- each thread starts at its own place in the list
    counter = math.random(0, #paths - 1)
  end
end

function request()
  if paths then
    counter = counter % #paths + 1
    return wrk.format(nil, paths[counter])
  end
  return wrk.request()
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'BENCH-JSON {"requests": %d, "duration_us": %d, "bytes": %d, "connect": %d, "read": %d, '
      .. '"write": %d, "status": %d, "timeout": %d, "p50_us": %d, "p99_us": %d}\n',
    summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, e.status,
    e.timeout, latency:percentile(50), latency:percentile(99)))
end
