-- Writes several partition executions of one step in one call, each as batch_save_step.lua's plain
-- write would (the coordinator's batched writes: no conditional mode).
-- KEYS[1] the step's set of partition ids, KEYS[1 + i] the i-th partition's hash
-- ARGV, for each partition in turn: '1' when it is new (it is then listed in KEYS[1], and has no
-- field to delete yet) else '0', its partition id, n = number of field/value pairs, m = number of
-- fields to delete (null values), then the n pairs, then the m names.
-- Returns how many partitions were written.
local at = 1
local listed = {}
for k = 2, #KEYS do
  local new = ARGV[at] == '1'
  local id = ARGV[at + 1]
  local pairs = tonumber(ARGV[at + 2])
  local gone = tonumber(ARGV[at + 3])
  at = at + 4
  if pairs > 0 then
    redis.call('HSET', KEYS[k], unpack(ARGV, at, at + 2 * pairs - 1))
  end
  at = at + 2 * pairs
  if new then
    listed[#listed + 1] = id
  elseif gone > 0 then
    redis.call('HDEL', KEYS[k], unpack(ARGV, at, at + gone - 1))
  end
  at = at + gone
end
if #listed > 0 then
  redis.call('SADD', KEYS[1], unpack(listed))
end
return #KEYS - 1
