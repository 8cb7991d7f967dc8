-- Forgets the counts of attempts of one job's partitions (dispatch_take.lua: a field per document,
-- step and page, each starting with the job id and a tab) once the job has ended or is retried: a
-- retry gives every document and page its attempts again. The fields are found with HSCAN over the
-- queue's counts, which hold only the partitions taken and not yet forgotten.
-- KEYS[1] attempts (document, step, page -> takes)
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
return forgotten
