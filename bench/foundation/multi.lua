-- wrk script: cycles through the request paths listed (one per line) in the file named by
-- $PATHS_FILE. A line may add a tab and a Cookie header value (a logged-in page's session).
local paths = {}
local cookies = {}
local counter = 0

init = function(args)
  for line in io.lines(os.getenv("PATHS_FILE")) do
    local path, cookie = line:match("^([^\t]+)\t(.*)$")
    if path then
      paths[#paths + 1] = path
      cookies[#cookies + 1] = cookie
    elseif #line > 0 then
      paths[#paths + 1] = line
      cookies[#cookies + 1] = false
    end
  end
  counter = math.random(#paths)
end

request = function()
  counter = counter % #paths + 1
  if cookies[counter] then
    return wrk.format("GET", paths[counter], { ["Cookie"] = cookies[counter] })
  end
  return wrk.format("GET", paths[counter])
end

-- The RESULT line of latency.lua, next to this file.
dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "latency.lua")
