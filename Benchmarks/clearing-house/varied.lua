-- wrk script: every request searches for two words drawn at random from the generated records' subjects, so an
-- answer is seldom asked twice and the search itself is measured, not a kept answer. SEARCH_PREFIX is the path up
-- to the words (".../records?q="), SEARCH_SUFFIX what follows them.
local words = {"customs", "officers", "chemical", "safety", "industry", "inspections", "scheduled", "chemicals", "emergency",
               "response", "laboratory", "analysis", "implementing", "legislation", "export", "controls", "declarations",
               "security", "outreach", "universities", "training", "course", "regional", "workshop", "support", "guide",
               "fellowship", "needs", "douanes", "securite", "formation", "atelier", "seguridad", "aduanas", "taller", "curso"}
local prefix = os.getenv("SEARCH_PREFIX")
local suffix = os.getenv("SEARCH_SUFFIX") or ""
local threads = 0

function setup(thread)
  threads = threads + 1
  thread:set("number", threads)
end

function init(args)
  math.randomseed(7919 * number)
end

function request()
  return wrk.format("GET", prefix .. words[math.random(#words)] .. "+" .. words[math.random(#words)] .. suffix)
end
