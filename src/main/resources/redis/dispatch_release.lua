-- Releases leases still held under the caller's tokens: 'complete' ends them (the partitions are
-- done), 'renew' extends them. A lease lost meanwhile (it ran out, and the partition was taken again)
-- is left to its new holder.
-- KEYS[1] leases, KEYS[2] lease holders, KEYS[3] attempts (kept: a document's count of attempts
-- outlives its partition, see dispatch_take.lua, and goes when its job ends)
-- ARGV[1] 'complete' or 'renew', ARGV[2] new deadline (ms, for 'renew'),
-- then partition, token, partition, token, ...
-- With KEYS[4], a coordinator's inbox (one Redis only: on a Cluster it is in another slot), 'complete'
-- also appends ARGV[3] messages to it, held or not: ARGV[4] is the inbox's time to live (seconds),
-- set when these messages make the list, ARGV[5] onwards the messages, and the pairs follow them.
-- The inbox's reader renews that time to live.
-- Returns how many leases were still held.

-- unpack spreads at most a few thousand values on Redis's Lua stack: long lists go in chunks.
local CHUNK = 1000
local function in_chunks(values, run)
  for i = 1, #values, CHUNK do
    run(unpack(values, i, math.min(i + CHUNK - 1, #values)))
  end
end

local first = 3
if #KEYS == 4 then
  local count = tonumber(ARGV[3])
  first = 5 + count
  if count > 0 then
    local messages = {}
    for i = 5, 4 + count do
      messages[#messages + 1] = ARGV[i]
    end
    local length = 0
    in_chunks(messages, function(...) length = redis.call('RPUSH', KEYS[4], ...) end)
    if length == count then
      redis.call('EXPIRE', KEYS[4], ARGV[4])
    end
  end
end

local members = {}
local tokens = {}
for i = first, #ARGV, 2 do
  members[#members + 1] = ARGV[i]
  tokens[#tokens + 1] = ARGV[i + 1]
end
local holders = {}
in_chunks(members, function(...)
  for _, token in ipairs(redis.call('HMGET', KEYS[2], ...)) do
    holders[#holders + 1] = token
  end
end)
local held = {}
for i, member in ipairs(members) do
  if holders[i] == tokens[i] then
    held[#held + 1] = member
  end
end
if #held == 0 then
  return 0
end
if ARGV[1] == 'complete' then
  in_chunks(held, function(...)
    redis.call('ZREM', KEYS[1], ...)
    redis.call('HDEL', KEYS[2], ...)
  end)
else
  local renewals = {}
  for _, member in ipairs(held) do
    renewals[#renewals + 1] = ARGV[2]
    renewals[#renewals + 1] = member
  end
  in_chunks(renewals, function(...) redis.call('ZADD', KEYS[1], 'XX', ...) end)
end
return #held
