"""tests/bench/lsp_latency.py BINARY FILE [N]: the language server's latency on a real project.
Opens FILE (cold: the project is loaded then), then sends N edits one at a time, each waiting
for its diagnostics; prints the first diagnostics' time and the median / p90 per edit, and the
time 1,000 rapid edits (sent at once) take to their last diagnostics."""
import json, os, subprocess, sys, time

binary, path = sys.argv[1], os.path.abspath(sys.argv[2])
n = int(sys.argv[3]) if len(sys.argv) > 3 else 100
uri = "file://" + path
text = open(path, encoding="utf-8").read()
p = subprocess.Popen([binary, "server", "--no-cache"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                     stderr=subprocess.DEVNULL)

def send(obj):
    body = json.dumps(obj).encode()
    p.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
    p.stdin.flush()

def read():
    length = None
    while True:
        line = p.stdout.readline()
        if not line:
            raise SystemExit("server ended")
        line = line.strip()
        if not line:
            break
        if line.lower().startswith(b"content-length:"):
            length = int(line.split(b":")[1])
    return json.loads(p.stdout.read(length))

def wait_publish():
    while True:
        m = read()
        if m.get("method") == "textDocument/publishDiagnostics" and m["params"]["uri"] == uri:
            return m

send({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"capabilities": {}}})
read()
t0 = time.perf_counter()
send({"jsonrpc": "2.0", "method": "textDocument/didOpen",
      "params": {"textDocument": {"uri": uri, "languageId": "python", "version": 1, "text": text}}})
wait_publish()
cold = time.perf_counter() - t0
lat = []
for i in range(n):
    t = time.perf_counter()
    send({"jsonrpc": "2.0", "method": "textDocument/didChange",
          "params": {"textDocument": {"uri": uri, "version": i + 2}, "contentChanges": [{"text": text + "# %d\n" % i}]}})
    wait_publish()
    lat.append(time.perf_counter() - t)
lat.sort()
t = time.perf_counter()
for i in range(1000):
    send({"jsonrpc": "2.0", "method": "textDocument/didChange",
          "params": {"textDocument": {"uri": uri, "version": 10000 + i}, "contentChanges": [{"text": text + "# b%d\n" % i}]}})
last = None
while True:
    m = wait_publish()
    # the last version is the one whose text ends in "# b999": its diagnostics are the last sent
    send({"jsonrpc": "2.0", "id": 99, "method": "textDocument/diagnostic", "params": {"textDocument": {"uri": uri}}})
    break
while True:
    m = read()
    if m.get("id") == 99:
        break
burst = time.perf_counter() - t
send({"jsonrpc": "2.0", "id": 2, "method": "shutdown"})
send({"jsonrpc": "2.0", "method": "exit"})
p.wait(timeout=30)
print("first diagnostics (cold) %.3f s; per edit median %.1f ms, p90 %.1f ms (%d edits); 1,000 rapid edits: %.2f s"
      % (cold, lat[len(lat) // 2] * 1000, lat[int(len(lat) * 0.9)] * 1000, n, burst))
