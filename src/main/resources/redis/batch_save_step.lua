-- Writes a step execution hash in one step (partitions: batch_save_partitions.lua).
-- KEYS[1] the step hash
-- ARGV[1] '1' to write only when the stored status is not STOPPING (savePersistentDataIfNotStopping),
-- ARGV[2] '1' to mark the stored status STOPPING only if it is STARTED, and nothing else,
-- ARGV[3] n = number of field/value pairs, then n pairs, then the names of fields to delete (null values)
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
local gone = {}
for i = 4 + 2 * n, last do
  gone[#gone + 1] = ARGV[i]
end
if #gone > 0 then
  redis.call('HDEL', KEYS[1], unpack(gone))
end
return 1
