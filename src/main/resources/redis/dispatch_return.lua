-- A node that shuts down hands back the partitions it could not finish in its grace period: each
-- lease still held under the caller's token goes, and the partition waits in its queue again at its
-- own priority, with no attempt counted (the run was not its fault): the attempt counted when it was
-- taken (dispatch_take.lua) is given back.
-- KEYS[1] queue, KEYS[2] leases, KEYS[3] lease holders, KEYS[4] attempts (document -> takes),
-- KEYS[5] the queue's steps (the shared parts of compact entries)
-- ARGV[1] now (ms), ARGV[2] aging (ms), then partition, token, partition, token, ...
-- Returns how many went back.
-- include: partition_fields
steps_key = KEYS[5]
local now = tonumber(ARGV[1])
local aging = tonumber(ARGV[2])
local back = 0
for i = 3, #ARGV, 2 do
  local member = ARGV[i]
  if redis.call('HGET', KEYS[3], member) == ARGV[i + 1] then
    local priority = tonumber(string.match(member, '^(-?%d+)\t'))
    redis.call('ZREM', KEYS[2], member)
    redis.call('HDEL', KEYS[3], member)
    redis.call('ZADD', KEYS[1], now - priority * aging, member)
    local field = document(member)
    if redis.call('HINCRBY', KEYS[4], field, -1) <= 0 then
      redis.call('HDEL', KEYS[4], field)
    end
    back = back + 1
  end
end
return back
