-- Takes over an unfinished job whose coordinating node died: the new node becomes its coordinator
-- and the job counts one more recovery. Of several nodes that noticed the death, only the first wins.
-- KEYS[1] job hash
-- ARGV[1] the dead node (the job's coordinator as the caller saw it), ARGV[2] the new node
-- Returns 1 when the caller took the job over, 0 otherwise.
local job = KEYS[1]
local fields = redis.call('HMGET', job, 'node', 'finished_at', 'status')
if not fields[3] or fields[2] then
  return 0
end
if (fields[1] or '') ~= ARGV[1] then
  return 0
end
redis.call('HSET', job, 'node', ARGV[2])
redis.call('HINCRBY', job, 'recoveries', 1)
return 1
