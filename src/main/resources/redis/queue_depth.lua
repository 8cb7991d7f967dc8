-- How much work one worker type's queue holds, by tier: the metrics' view of the queue.
-- KEYS[1] queue, KEYS[2] delayed, KEYS[3] leases, KEYS[4] dead letters
-- Returns {waiting high, normal, low, delayed high, normal, low, leased high, normal, low, dead}.
-- Tiers are named views of the priority (high = 10, low = -10, normal between). A queue's score mixes
-- priority with queued time (aging), so no score range holds one tier: members are read instead, in
-- pages, and their leading priority field compared. About 1 ms per 2,000 members; callers cache it.
local function tiers(key)
  local high, normal, low = 0, 0, 0
  local total = redis.call('ZCARD', key)
  for start = 0, total - 1, 1000 do
    for _, member in ipairs(redis.call('ZRANGE', key, start, start + 999)) do
      if string.sub(member, 1, 3) == '10\t' then
        high = high + 1
      elseif string.sub(member, 1, 4) == '-10\t' then
        low = low + 1
      else
        normal = normal + 1
      end
    end
  end
  return high, normal, low
end
local wh, wn, wl = tiers(KEYS[1])
local dh, dn, dl = tiers(KEYS[2])
local lh, ln, ll = tiers(KEYS[3])
return {wh, wn, wl, dh, dn, dl, lh, ln, ll, redis.call('ZCARD', KEYS[4])}
