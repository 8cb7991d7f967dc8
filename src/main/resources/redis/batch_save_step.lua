-- Writes a step or partition execution hash in one step.
-- KEYS[1] the step or partition hash
-- ARGV[1] '1' to write only when the stored status is not STOPPING (savePersistentDataIfNotStopping),
-- ARGV[2] '1' to mark the stored status STOPPING only if it is STARTED, and nothing else,
-- ARGV[3] n = number of field/value pairs, then n pairs, then the names of fields to delete (null values)
-- KEYS[2], when given: the step's set of partition ids, to which the last ARGV (the partition id) is
-- added (addPartitionExecution: one round trip instead of two); its null fields are not deleted, since
-- a new partition execution's hash has none yet
-- Returns 1 when written, 0 when skipped.
-- The stored status matters only for the two conditional modes; a plain write skips reading it.
local status = nil
if ARGV[1] == '1' or ARGV[2] == '1' then
  status = redis.call('HGET', KEYS[1], 'status')
end
if ARGV[2] == '1' then
  if status == 'STARTED' then
    redis.call('HSET', KEYS[1], 'status', 'STOPPING')
    return 1
  end
  return 0
end
if ARGV[1] == '1' and status == 'STOPPING' then
  return 0
end
local n = tonumber(ARGV[3])
local fields = {}
for i = 4, 3 + 2 * n do
  fields[#fields + 1] = ARGV[i]
end
if #fields > 0 then
  redis.call('HSET', KEYS[1], unpack(fields))
end
local last = #ARGV
if #KEYS == 2 then
  redis.call('SADD', KEYS[2], ARGV[last])
  -- A partition execution is listed once, when it is new: its hash has no field to delete.
  return 1
end
local gone = {}
for i = 4 + 2 * n, last do
  gone[#gone + 1] = ARGV[i]
end
if #gone > 0 then
  redis.call('HDEL', KEYS[1], unpack(gone))
end
return 1
