-- Forgets the counts of attempts of one job's documents (dispatch_take.lua) once the job has ended
-- or is retried: a retry gives every document its attempts again.
-- KEYS[1] attempts (document -> takes)
-- ARGV[1] the job id, ARGV[2] how many documents it has (index -1 is the placeholder partition of a
-- step with no document left to run)
-- Returns how many counts there were.
local fields = {}
local forgotten = 0
for index = -1, tonumber(ARGV[2]) - 1 do
  fields[#fields + 1] = ARGV[1] .. '\t' .. index
  if #fields == 1000 or index == tonumber(ARGV[2]) - 1 then
    forgotten = forgotten + redis.call('HDEL', KEYS[1], unpack(fields))
    fields = {}
  end
end
return forgotten
