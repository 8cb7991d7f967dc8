-- Forgets the counts of attempts of one job's partitions (dispatch_take.lua: a field per document,
-- step and page, each starting with the job id and a tab) once the job has ended or is retried: a
-- retry gives every document and page its attempts again. The fields are found with HSCAN over the
-- queue's counts, which hold only the partitions taken and not yet forgotten.
-- KEYS[1] attempts (document, step, page -> takes)
-- KEYS[2] the queue's steps (shared parts of compact entries): the job's go too, since the entries
-- of an ended job are not run (dispatch_take.lua drops those it finds); a queue holds the steps of
-- its running jobs, a few, so they are all read.
-- ARGV[1] the job id as the partition's properties spell it (URL-encoded: no glob character but %)
-- Returns how many counts there were.
local pattern = string.gsub(ARGV[1], '([%[%]%*%?\\])', '\\%1') .. '\t*'
local forgotten = 0
local cursor = '0'
repeat
  local page = redis.call('HSCAN', KEYS[1], cursor, 'MATCH', pattern, 'COUNT', 1000)
  cursor = page[1]
  local fields = {}
  for i = 1, #page[2], 2 do
    fields[#fields + 1] = page[2][i]
  end
  if #fields > 0 then
    forgotten = forgotten + redis.call('HDEL', KEYS[1], unpack(fields))
  end
until cursor == '0'
if #KEYS > 1 then
  local mark = '\tjobId=' .. ARGV[1]
  local ended = {}
  cursor = '0'
  repeat
    local page = redis.call('HSCAN', KEYS[2], cursor, 'COUNT', 1000)
    cursor = page[1]
    for i = 1, #page[2], 2 do
      local shared = page[2][i + 1]
      local at = string.find(shared, mark, 1, true)
      if at and (at + #mark > #shared or string.sub(shared, at + #mark, at + #mark) == '\t') then
        ended[#ended + 1] = page[2][i]
      end
    end
  until cursor == '0'
  if #ended > 0 then
    redis.call('HDEL', KEYS[2], unpack(ended))
  end
end
return forgotten
