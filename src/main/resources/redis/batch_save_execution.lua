-- Creates or updates a JSR-352 job execution and keeps the job's running set, and its set of ended
-- instances (by end time, for expiry), in step with its status.
-- KEYS[1] execution hash, KEYS[2] its parameters hash, KEYS[3] the job's running set,
-- KEYS[4] the job's execution index (sorted set), KEYS[5] the instance's execution list,
-- KEYS[6] the job's ended instances (sorted set)
-- ARGV[1] execution id, ARGV[2] '1' to create (index it), ARGV[3] '1' to replace the parameters,
-- ARGV[4] n = number of execution field/value pairs, then n pairs, then m = number of fields to delete
-- (their value is null now), then m field names, then parameter pairs
local id = ARGV[1]
local n = tonumber(ARGV[4])
local fields = {}
local status, instance, updated
for i = 5, 4 + 2 * n, 2 do
  fields[#fields + 1] = ARGV[i]
  fields[#fields + 1] = ARGV[i + 1]
  if ARGV[i] == 'status' then
    status = ARGV[i + 1]
  elseif ARGV[i] == 'instance' then
    instance = ARGV[i + 1]
  elseif ARGV[i] == 'updated' then
    updated = ARGV[i + 1]
  end
end
if #fields > 0 then
  redis.call('HSET', KEYS[1], unpack(fields))
end
local m = tonumber(ARGV[5 + 2 * n])
local gone = {}
for i = 6 + 2 * n, 5 + 2 * n + m do
  gone[#gone + 1] = ARGV[i]
end
if #gone > 0 then
  redis.call('HDEL', KEYS[1], unpack(gone))
end
if ARGV[3] == '1' then
  redis.call('DEL', KEYS[2])
  local params = {}
  for i = 6 + 2 * n + m, #ARGV do
    params[#params + 1] = ARGV[i]
  end
  if #params > 0 then
    redis.call('HSET', KEYS[2], unpack(params))
  end
end
if ARGV[2] == '1' then
  redis.call('ZADD', KEYS[4], id, id)
  redis.call('RPUSH', KEYS[5], id)
  redis.call('ZREM', KEYS[6], instance)
end
if (status == 'COMPLETED' or status == 'FAILED' or status == 'STOPPED' or status == 'ABANDONED')
    and updated then
  redis.call('ZADD', KEYS[6], updated, instance)
end
if status == 'STARTING' or status == 'STARTED' then
  redis.call('SADD', KEYS[3], id)
elseif status then
  redis.call('SREM', KEYS[3], id)
end
return 1
