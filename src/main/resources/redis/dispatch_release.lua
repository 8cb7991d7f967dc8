-- Releases leases still held under the caller's tokens: 'complete' ends them (the partition is done),
-- 'renew' extends them. A lease lost meanwhile (it ran out, and the partition was taken again) is
-- left to its new holder.
-- KEYS[1] leases, KEYS[2] lease holders, KEYS[3] attempts
-- ARGV[1] 'complete' or 'renew', ARGV[2] new deadline (ms, for 'renew'),
-- then partition, token, partition, token, ...
-- With KEYS[4], a coordinator's inbox (one Redis only: on a Cluster it is in another slot), 'complete'
-- also appends the message ARGV[3] to it, held or not, with the time to live ARGV[4] (seconds) when
-- it makes the list: the pairs then start at ARGV[5]. The inbox's reader renews that time to live.
-- Returns how many leases were still held.
local first = 3
if #KEYS == 4 then
  first = 5
  if redis.call('RPUSH', KEYS[4], ARGV[3]) == 1 then
    redis.call('EXPIRE', KEYS[4], ARGV[4])
  end
end
local held = 0
for i = first, #ARGV, 2 do
  local member = ARGV[i]
  if redis.call('HGET', KEYS[2], member) == ARGV[i + 1] then
    held = held + 1
    if ARGV[1] == 'complete' then
      redis.call('ZREM', KEYS[1], member)
      redis.call('HDEL', KEYS[2], member)
      redis.call('HDEL', KEYS[3], member)
    else
      redis.call('ZADD', KEYS[1], 'XX', ARGV[2], member)
    end
  end
end
return held
