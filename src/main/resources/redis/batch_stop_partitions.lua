-- Marks the STARTED partitions of a step STOPPING (PartitionRows: a partition's status is the field
-- named by its id alone).
-- KEYS the step's buckets of partition rows
-- Returns how many partitions were marked.
local marked = 0
for _, key in ipairs(KEYS) do
  local row = redis.call('HGETALL', key)
  local stopping = {}
  for i = 1, #row, 2 do
    if row[i + 1] == 'STARTED' and not string.find(row[i], ':', 1, true) then
      stopping[#stopping + 1] = row[i]
      stopping[#stopping + 1] = 'STOPPING'
    end
  end
  if #stopping > 0 then
    redis.call('HSET', key, unpack(stopping))
    marked = marked + #stopping / 2
  end
end
return marked
