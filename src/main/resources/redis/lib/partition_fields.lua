-- Shared by the dispatcher's scripts (RedisScript inlines it where a script says
-- "-- include: partition_fields"): the fields a partition's text form is counted and indexed under.
-- The field of a partition's count of attempts: its document (job and index, read from the
-- partition's properties), its step and its page if it is one, so that the count outlives the
-- execution: a restart of the job after its node died queues the same document again as a new
-- partition, in the same step.
local function document(member)
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
-- or nil for a partition of no document job.
local function by_job(member)
  local job = string.match(member, '\tjobId=([^\t]*)')
  if job then
    return job .. '\t' .. member
  end
  return nil
end
