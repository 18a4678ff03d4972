-- Adds a random query parameter to every request so that each one misses Tandem's page cache:
-- measures the cost of rendering, not of serving a kept copy.
request = function()
  local separator = string.find(wrk.path, "?", 1, true) and "&" or "?"
  return wrk.format("GET", wrk.path .. separator .. "uncached=" .. math.random(1, 1000000000))
end
