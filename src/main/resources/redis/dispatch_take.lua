-- Hands a worker up to ARGV[4] partitions of one queue, highest effective priority first, each under
-- a lease with a token of its own. Partitions whose retry backoff is over go back to the queue first.
-- KEYS[1] queue, KEYS[2] delayed, KEYS[3] leases, KEYS[4] lease holders (partition -> token),
-- KEYS[5] token counter
-- ARGV[1] now (ms), ARGV[2] lease deadline (ms), ARGV[3] aging (ms of waiting worth one priority
-- level), ARGV[4] how many the worker has room for
-- A queue score is (time queued - priority * aging): strict priority order among partitions queued
-- within aging * (difference in priority) of each other, FIFO within one priority, and no partition
-- waits more than 20 * aging behind newer, higher-priority work.
-- Returns partition, token, partition, token, ...
local now = tonumber(ARGV[1])
local aging = tonumber(ARGV[3])
local due = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', now, 'LIMIT', 0, 100)
for _, member in ipairs(due) do
  local priority = tonumber(string.match(member, '^(-?%d+)\t'))
  redis.call('ZREM', KEYS[2], member)
  redis.call('ZADD', KEYS[1], now - priority * aging, member)
end
local popped = redis.call('ZPOPMIN', KEYS[1], tonumber(ARGV[4]))
local taken = {}
if #popped == 0 then
  return taken
end
-- One INCRBY reserves a token for each partition taken: tokens stay unique per lease. Leases and
-- holders are written a chunk at a time (unpack has a limit on how many values it spreads).
local token = redis.call('INCRBY', KEYS[5], #popped / 2) - #popped / 2
local leases = {}
local holders = {}
for i = 1, #popped, 2 do
  token = token + 1
  leases[#leases + 1] = ARGV[2]
  leases[#leases + 1] = popped[i]
  holders[#holders + 1] = popped[i]
  holders[#holders + 1] = token
  taken[#taken + 1] = popped[i]
  taken[#taken + 1] = tostring(token)
  if #leases == 1000 or i + 1 == #popped then
    redis.call('ZADD', KEYS[3], unpack(leases))
    redis.call('HSET', KEYS[4], unpack(holders))
    leases = {}
    holders = {}
  end
end
return taken
