"""Starting and stopping `courtflow serve` for the serve tests, and a small HTTP client
(standard library only). The server is started on a free loopback port (--port 0); its first
stdout line names the URL."""
import json
import os
import re
import signal
import subprocess
import time
import urllib.error
import urllib.request


class Server:
    def __init__(self, exe, model, *args, out=None):
        cmd = [exe, "serve", model, "--port", "0"] + list(args)
        if out:
            cmd += ["--out", out]
        self.proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        line = self.proc.stdout.readline()
        m = re.search(r"at (http://\S+/)", line)
        if not m:
            err = self.proc.stderr.read() if self.proc.poll() is not None else ""
            self.proc.kill()
            raise RuntimeError("serve did not start: %r %r" % (line, err))
        self.url = m.group(1)
        folder = re.search(r"reports in (.+?); Ctrl-C stops", line)
        self.out_dir = folder.group(1) if folder else None
        self.token = None

    def request(self, method, path, body=None, headers=None, raw=None, timeout=60):
        data = raw if raw is not None else (json.dumps(body).encode() if body is not None else None)
        h = {"Content-Type": "application/json"} if data is not None else {}
        if self.token:
            h["Authorization"] = "Bearer " + self.token
        h.update(headers or {})
        req = urllib.request.Request(self.url + path.lstrip("/"), data=data, method=method, headers=h)
        try:
            with urllib.request.urlopen(req, timeout=timeout) as res:
                return res.status, dict(res.headers), res.read()
        except urllib.error.HTTPError as e:
            return e.code, dict(e.headers), e.read()

    def json(self, method, path, body=None, **kw):
        status, headers, data = self.request(method, path, body, **kw)
        return status, json.loads(data.decode()) if data else None

    def rss_kib(self):
        with open("/proc/%d/status" % self.proc.pid) as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
        return 0

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.proc.stdout.close()
        self.proc.stderr.close()
        return self.proc.returncode
