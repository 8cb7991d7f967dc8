-- A run could not read its document because the store holding it is out of reach (after the store
-- client's own retries): no fault of the document, so the attempt counted when it was taken
-- (dispatch_take.lua) is given back, and the partition waits in the delayed set until ARGV[3], as a
-- retry does. A worker whose lease was already lost changes nothing.
-- KEYS[1] leases, KEYS[2] lease holders, KEYS[3] attempts (document -> takes), KEYS[4] delayed,
-- KEYS[5] the queue's steps (the shared parts of compact entries)
-- ARGV[1] the partition, ARGV[2] the worker's lease token, ARGV[3] when it is due (ms)
-- Returns 1 when postponed, 0 when the lease was lost.
-- include: partition_fields
steps_key = KEYS[5]
local member = ARGV[1]
if redis.call('HGET', KEYS[2], member) ~= ARGV[2] then
  return 0
end
redis.call('ZREM', KEYS[1], member)
redis.call('HDEL', KEYS[2], member)
local field = document(member)
if redis.call('HINCRBY', KEYS[3], field, -1) <= 0 then
  redis.call('HDEL', KEYS[3], field)
end
redis.call('ZADD', KEYS[4], tonumber(ARGV[3]), member)
return 1
