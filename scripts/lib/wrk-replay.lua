-- wrk script: replays a file of prepared POST requests ("path?query<TAB>body" per line), each wrk
-- thread taking every n-th line, so no request is sent twice unless the file runs out (then "wrapped"
-- counts the passes, and the figures are not a clean run). Counts answers that carry a reply
-- (an XML <xml> body) apart from "success", and prints one machine-readable line at the end:
--   RESULT requests=.. seconds=.. rps=.. p50_ms=.. p90_ms=.. p99_ms=.. max_ms=.. replies=.. success=..
--          other=.. errors=.. non2xx=.. wrapped=..
-- Usage: wrk -t2 -c200 -d30s -s wrk-replay.lua URL -- FILE THREADS [THINK_MS] [REPLIES]
-- THINK_MS (default 0): each connection pauses a random time with this mean (exponential) before each
-- request, so the connections offer a steady load instead of saturating the server (closed loop).
-- REPLIES (optional): every reply body is written, one per line, to REPLIES.<thread>, for
-- ReplyCheck to verify (signature, decryption, content) after the run.

local threads = {}
local next_id = 0

function setup(thread)
    thread:set("id", next_id)
    next_id = next_id + 1
    table.insert(threads, thread)
end

function init(args)
    local file, nthreads = args[1], tonumber(args[2])
    think = tonumber(args[3] or "0")
    math.randomseed(os.time() + id)
    reqs = {}
    local i = 0
    for line in io.lines(file) do
        if i % nthreads == id then
            local tab = line:find("\t", 1, true)
            reqs[#reqs + 1] = wrk.format("POST", line:sub(1, tab - 1),
                { ["Content-Type"] = "text/xml; charset=utf-8" }, line:sub(tab + 1))
        end
        i = i + 1
    end
    if #reqs == 0 then
        error("no requests for thread " .. id .. " in " .. file)
    end
    idx, wrapped, replies, success, other = 0, 0, 0, 0, 0
    if args[4] and args[4] ~= "" then
        saved = assert(io.open(args[4] .. "." .. id, "w"))
        saved:setvbuf("line") -- nothing is left in a buffer when wrk exits
    end
end

function delay()
    if think <= 0 then
        return 0
    end
    return math.floor(-math.log(1 - math.random()) * think)
end

function request()
    idx = idx + 1
    if idx > #reqs then
        idx, wrapped = 1, wrapped + 1
    end
    return reqs[idx]
end

function response(status, headers, body)
    if status == 200 and body:sub(1, 5) == "<xml>" then
        replies = replies + 1
        if saved then
            saved:write(body, "\n")
        end
    elseif status == 200 and body == "success" then
        success = success + 1
    else
        other = other + 1
    end
end

function done(summary, latency, requests)
    local r, s, o, w = 0, 0, 0, 0
    for _, t in ipairs(threads) do
        r = r + t:get("replies")
        s = s + t:get("success")
        o = o + t:get("other")
        w = math.max(w, t:get("wrapped"))
    end
    local e = summary.errors
    local secs = summary.duration / 1e6
    io.write(string.format(
        "RESULT requests=%d seconds=%.1f rps=%.0f p50_ms=%.1f p90_ms=%.1f p99_ms=%.1f max_ms=%.1f replies=%d success=%d other=%d errors=%d non2xx=%d wrapped=%d\n",
        summary.requests, secs, summary.requests / secs,
        latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
        latency.max / 1000, r, s, o, e.connect + e.read + e.write + e.timeout, e.status, w))
end
