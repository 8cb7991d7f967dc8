#!/usr/bin/env python3
"""A docbatch worker outside the server (standard library only): it leases tasks of an external
type, counts the words of each task's text document and completes the task with the counts.
    DOCBATCH_URL=http://localhost:8080 DOCBATCH_API_KEY=dbk_... python3 examples/worker.py wordcount
"""
import argparse, json, os, re, socket, sys, threading, time, urllib.error, urllib.request
from collections import Counter

class Api:
    def __init__(self, url, key):
        self.url, self.key = url.rstrip("/"), key

    def call(self, path, body=None, timeout=45, tries=5):
        request = urllib.request.Request(self.url + path, method="GET" if body is None else "POST",
                                         data=None if body is None else json.dumps(body).encode())
        request.add_header("Content-Type", "application/json")
        if self.key:
            request.add_header("X-API-Key", self.key)
        try:
            with urllib.request.urlopen(request, timeout=timeout) as answer:
                return answer.read()
        except urllib.error.HTTPError as e:  # rate limited, or Redis slow: as the server says
            if e.code not in (429, 503) or tries <= 1:
                raise
            time.sleep(float(e.headers.get("Retry-After") or 1))
            return self.call(path, body, timeout, tries - 1)

    def post(self, path, body):  # every answer of a POST is a JSON object
        return json.loads(self.call(path, body) or b"{}")


def word_counts(text):
    words = re.findall(r"[^\W_]+(?:'[^\W_]+)*", text.lower())
    counts = Counter(words)
    return {"words": len(words), "distinct_words": len(counts), "lines": text.count("\n") + 1,
            "top_words": [{"word": w, "count": n} for w, n in counts.most_common(10)]}

def keep_lease(api, task, done):
    """Heartbeats at a third of the lease until the task is done or the lease is lost."""
    every = max(0.2, float(task.get("lease_seconds", 15)) / 3)
    path = "/api/tasks/%s/heartbeat" % urllib.request.quote(task["task_id"], safe="")
    while not done.wait(every):
        try:
            api.post(path, {"lease_token": task["lease_token"]})
        except urllib.error.HTTPError as e:
            print("lease of %s lost (%s): it runs elsewhere" % (task["task_id"], e.code), flush=True)
            return
        except OSError:
            pass  # the server may be back before the lease runs out

def run(api, task, delay, done):
    base = "/api/tasks/%s/" % urllib.request.quote(task["task_id"], safe="")
    try:
        content = api.call(task["download_url"], timeout=120)
        time.sleep(delay)  # a slow computation (tests use it to kill a worker mid-task)
        try:
            text = content.decode("utf-8")
        except UnicodeDecodeError:
            api.post(base + "fail", {"lease_token": task["lease_token"], "retryable": False,
                                     "error": {"code": "not_text", "message": "not UTF-8 text"}})
            return
        api.post(base + "complete", {"lease_token": task["lease_token"], "result": word_counts(text)})
        print("completed %s" % task["task_id"], flush=True)
    except urllib.error.HTTPError as e:
        print("task %s refused: %s %s" % (task["task_id"], e.code, e.read()[:300]), flush=True)
    except OSError as e:  # the server was out of reach: the task runs again after its backoff
        print("task %s: %s" % (task["task_id"], e), flush=True)
    finally:
        done.set()

def main():
    args = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    args.add_argument("type", help="the external task type, e.g. wordcount")
    args.add_argument("--url", default=os.environ.get("DOCBATCH_URL", "http://localhost:8080"))
    args.add_argument("--key", default=os.environ.get("DOCBATCH_API_KEY"), help="a worker API key")
    args.add_argument("--id", default="%s-%d" % (socket.gethostname(), os.getpid()))
    args.add_argument("--max", type=int, default=1, help="tasks to lease at a time")
    args.add_argument("--delay", type=float, default=0, help="seconds to wait before completing")
    args.add_argument("--wait", type=int, default=30, help="seconds a lease call may wait")
    options = args.parse_args()
    api = Api(options.url, options.key)
    print("worker %s takes %s tasks from %s" % (options.id, options.type, api.url), flush=True)
    while True:
        try:
            leased = api.post("/api/workers/%s/lease" % options.type, {
                "worker_id": options.id, "max": options.max, "wait_seconds": options.wait})
        except (urllib.error.URLError, OSError) as e:
            print("lease failed (%s); again in 5 s" % e, file=sys.stderr, flush=True)
            time.sleep(5)
            continue
        held = [(task, threading.Event()) for task in leased["tasks"]]
        for task, done in held:  # every lease is kept from now on, not only the running task's
            threading.Thread(target=keep_lease, args=(api, task, done), daemon=True).start()
        for task, done in held:
            run(api, task, options.delay, done)

if __name__ == "__main__":
    main()
