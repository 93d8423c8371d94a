-- wrk script: durable writes, each request one intervention recorded in a
-- case of the signed-in worker (a transaction, an audit entry, a commit
-- answered once synced).  BENCH_CASES cases are used in turn.
local cases = tonumber(os.getenv("BENCH_CASES") or "300")
local n = 0
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Cookie"] = os.getenv("BENCH_COOKIE")
wrk.headers["X-CSRF-Token"] = os.getenv("BENCH_CSRF")
wrk.body = '{"date":"2024-03-06","mode":"bureau","kind":"entretien",' ..
	'"duration_minutes":45,"notes":"Point sur le budget."}'
request = function()
	n = n + 1
	return wrk.format(nil, "/api/v1/cases/" .. (n % cases + 1) .. "/interventions")
end
local bad = 0
response = function(status)
	if status ~= 201 then bad = bad + 1 end
end
done = function()
	if bad > 0 then io.stderr:write("write.lua: " .. bad .. " answers other than 201\n") end
end
