-- wrk script: POST /jobs/v2 with the sample app and a local-storage input. The token comes from ALOE_TOKEN.
wrk.method = "POST"
wrk.path = "/jobs/v2"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("ALOE_TOKEN")
wrk.body = '{"name":"bench","appId":"wc-1.0","archive":false,"inputs":{"inputFile":"bench/input.txt"},"parameters":{"mode":"words"}}'

local statuses = {}
response = function(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

done = function(summary, latency, requests)
  -- wrk runs response() in per-thread states; report what the main state saw plus wrk's own totals.
  io.write(string.format("requests %d, errors (non-2xx/3xx) %d, p50 %.1f ms, p99 %.1f ms\n",
    summary.requests, summary.errors.status, latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
