"""A fake OSV API for the tests, on 127.0.0.1 only: GET /v1/vulns/{id}
serves <records>/<id>.json (404 when absent), or misbehaves for the ids
named in `modes`: "429" (429 with Retry-After: 2, then the record),
"500" (always 500), "slow" (waits 3 s), "huge" (a 5 MiB body),
"malformed" (not JSON). Every request path is appended to `log`.
"""
import http.server
import os
import threading
import time


class FakeOsv:
    def __init__(self, records):
        self.records = records
        self.modes = {}
        self.log = []
        self.seen = {}
        fake = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def send(self, status, body, headers=()):
                self.send_response(status)
                for k, v in headers:
                    self.send_header(k, v)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                try:
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass

            def do_GET(self):
                fake.log.append(self.path)
                prefix = "/v1/vulns/"
                if not self.path.startswith(prefix):
                    return self.send(400, b"{}")
                vid = self.path[len(prefix):]
                fake.seen[vid] = fake.seen.get(vid, 0) + 1
                mode = fake.modes.get(vid)
                if mode == "429" and fake.seen[vid] == 1:
                    return self.send(429, b"{}", [("Retry-After", "2")])
                if mode == "500":
                    return self.send(500, b"{}")
                if mode == "slow":
                    time.sleep(3)
                if mode == "huge":
                    return self.send(200, b"[" + b"0," * (5 << 19) + b"0]")
                if mode == "malformed":
                    return self.send(200, b'{"id": "' + vid.encode())
                path = os.path.join(fake.records, vid + ".json")
                if "/" in vid or not os.path.isfile(path):
                    return self.send(404, b'{"code":5,"message":"Bug not found."}')
                with open(path, "rb") as f:
                    return self.send(200, f.read(),
                                     [("Content-Type", "application/json")])

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0),
                                                      Handler)
        self.server.daemon_threads = True
        self.url = "http://127.0.0.1:%d" % self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever,
                                       daemon=True)
        self.thread.start()

    def ids(self):
        return [p.rsplit("/", 1)[-1] for p in self.log]

    def close(self):
        self.server.shutdown()
        self.server.server_close()
