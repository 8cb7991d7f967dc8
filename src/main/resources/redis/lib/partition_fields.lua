-- Shared by the dispatcher's scripts (RedisScript inlines it where a script says
-- "-- include: partition_fields"): a queue entry's full text form, and the fields it is counted and
-- indexed under.
-- A queue entry is either the full form (PartitionRef.encode: priority, execution, step execution,
-- partition id, job, step, coordinator, then name=value properties, tab-separated) or the compact
-- one (PartitionRef.encodeCompact: priority, '@' and the number of its step's shared part in the
-- queue's steps hash, partition id, then the properties that differ from the shared ones; a shared
-- value '%' is each partition's id).
-- The script sets steps_key (the queue's steps hash) before it expands a compact entry.
local steps_key = nil
local shared_parts = {}
-- The full form of an entry; a compact one whose shared part is gone (its job has ended) stays as
-- it is.
local function expand(member)
  local priority, step, id, own = string.match(member, '^(-?%d+)\t@([^\t]*)\t([^\t]*)(.*)$')
  if not step then
    return member
  end
  local shared = shared_parts[step]
  if shared == nil then
    shared = redis.call('HGET', steps_key, step) or false
    shared_parts[step] = shared
  end
  if not shared then
    return member
  end
  local execution, step_execution, rest = string.match(shared, '^([^\t]*)\t([^\t]*)\t(.*)$')
  -- rest: job, step, coordinator, then the shared properties, each overridden by the entry's own
  local overrides = {}
  local added = {}
  for name, value in string.gmatch(own, '\t([^\t=]*)=([^\t]*)') do
    overrides[name] = value
    added[#added + 1] = name
  end
  -- a shared value '%' (PartitionRef.PARTITION_ID, which escaping never writes) stands for the id
  local merged = string.gsub(rest, '\t([^\t=]*)=([^\t]*)', function(name, value)
    local mine = overrides[name]
    if mine then
      overrides[name] = nil
      return '\t' .. name .. '=' .. mine
    end
    if value == '%' then
      return '\t' .. name .. '=' .. id
    end
    return nil
  end)
  local parts = {priority, execution, step_execution, id, merged}
  for _, name in ipairs(added) do
    if overrides[name] then
      parts[#parts + 1] = name .. '=' .. overrides[name]
    end
  end
  return table.concat(parts, '\t')
end
-- The field of a partition's count of attempts: its document (job and index, read from the
-- partition's properties), its step and its page if it is one, so that the count outlives the
-- execution: a restart of the job after its node died queues the same document again as a new
-- partition, in the same step.
local function document(member)
  member = expand(member)
  local job = string.match(member, '\tjobId=([^\t]*)')
  local index = string.match(member, '\tindex=([^\t]*)')
  if job and index then
    -- the step (the sixth field) and the page keep a document's page partitions and its assembly
    -- from using up the attempts of the document's own partition
    local step = string.match(member, '^[^\t]*\t[^\t]*\t[^\t]*\t[^\t]*\t[^\t]*\t([^\t]*)') or ''
    local page = string.match(member, '\tpage=([^\t]*)') or ''
    return job .. '\t' .. index .. '\t' .. step .. '\t' .. page
  end
  return member
end
-- A dead letter's entry in the index by job (its job id as the partition's properties spell it),
-- or nil for a partition of no document job; member is in its full form.
local function by_job(member)
  local job = string.match(member, '\tjobId=([^\t]*)')
  if job then
    return job .. '\t' .. member
  end
  return nil
end
