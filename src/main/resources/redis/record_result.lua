-- Records documents' outcomes once each, however many times a document ran.
-- KEYS[1] job hash, KEYS[2] results hash, KEYS[3] failed set, KEYS[4] the job's list of finished
-- documents to announce (kept only when its callback asks for document.finished)
-- ARGV: document index, 'completed' or 'failed', result JSON; then the next document's three, ...
-- Returns a list with 1 for each outcome recorded, 0 for each document that already had one.
local announce = redis.call('HGET', KEYS[1], 'document_events') == '1'
local recorded = {}
local completed = 0
local failed = 0
for i = 1, #ARGV, 3 do
  if redis.call('HSETNX', KEYS[2], ARGV[i], ARGV[i + 2]) == 1 then
    recorded[#recorded + 1] = 1
    if announce then
      redis.call('RPUSH', KEYS[4], ARGV[i])
    end
    if ARGV[i + 1] == 'completed' then
      completed = completed + 1
    else
      failed = failed + 1
      redis.call('SADD', KEYS[3], ARGV[i])
    end
  else
    recorded[#recorded + 1] = 0
  end
end
if completed > 0 then
  redis.call('HINCRBY', KEYS[1], 'completed_tasks', completed)
end
if failed > 0 then
  redis.call('HINCRBY', KEYS[1], 'failed_tasks', failed)
end
return recorded
