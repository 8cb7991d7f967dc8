-- Writes partition executions of one step (PartitionRows: a hash per bucket of partitions, fields
-- <id> for the status and <id>:<letter> for the rest), one HSET and at most one HDEL per bucket: a
-- call per partition cost Redis more for the call than for the writes.
-- KEYS[1] the step's set of bucket numbers, KEYS[2..] the buckets written
-- ARGV[1] '1' to write a partition only when its stored status is not STOPPING
-- (savePersistentDataIfNotStopping), then for each partition in turn: the index in KEYS of its
-- bucket, the bucket's number, the partition id, n = number of field/value pairs, m = number of
-- fields to delete (null values), then the n pairs, then the m names.
-- Returns how many partitions were written.
local unless_stopping = ARGV[1] == '1'
local fields = {}
local order = {}
local listed = {}
local written = 0
local at = 2
while at <= #ARGV do
  local key = tonumber(ARGV[at])
  local bucket = ARGV[at + 1]
  local id = ARGV[at + 2]
  local count = tonumber(ARGV[at + 3])
  local gone = tonumber(ARGV[at + 4])
  at = at + 5
  if not (unless_stopping and redis.call('HGET', KEYS[key], id) == 'STOPPING') then
    if not fields[key] then
      fields[key] = {}
      order[#order + 1] = key
      listed[#listed + 1] = bucket
    end
    -- A later write of the same partition in this call wins, a deletion included.
    local row = fields[key]
    for i = at, at + 2 * count - 1, 2 do
      row[ARGV[i]] = ARGV[i + 1]
    end
    for i = at + 2 * count, at + 2 * count + gone - 1 do
      row[ARGV[i]] = false
    end
    written = written + 1
  end
  at = at + 2 * count + gone
end
for _, key in ipairs(order) do
  local set = {}
  local deleted = {}
  for field, value in pairs(fields[key]) do
    if value then
      set[#set + 1] = field
      set[#set + 1] = value
    else
      deleted[#deleted + 1] = field
    end
  end
  if #set > 0 then
    redis.call('HSET', KEYS[key], unpack(set))
  end
  if #deleted > 0 then
    redis.call('HDEL', KEYS[key], unpack(deleted))
  end
end
if #listed > 0 then
  redis.call('SADD', KEYS[1], unpack(listed))
end
return written
