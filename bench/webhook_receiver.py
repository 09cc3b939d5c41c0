#!/usr/bin/python3
"""Webhook receiver for bench/notifications.sh: a real HTTP server on 127.0.0.1:PORT that appends one line per request
to LOG: "<arrival epoch ms> <X-Agave-Delivery> <X-Aloe-Event> <path>". In "hang" mode it never answers (it holds
every request until the client gives up), as a dead receiver does.

Usage: webhook_receiver.py PORT LOG [ok|hang]
"""
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PORT, LOG, MODE = int(sys.argv[1]), sys.argv[2], (sys.argv[3] if len(sys.argv) > 3 else "ok")
lock = threading.Lock()
out = open(LOG, "a", buffering=1)


class Receiver(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_POST(self):
        arrived = time.time_ns() // 1_000_000
        length = int(self.headers.get("Content-Length", "0"))
        self.rfile.read(length)
        with lock:
            out.write("%d %s %s %s\n" % (arrived, self.headers.get("X-Agave-Delivery", "-"), self.headers.get("X-Aloe-Event", "-"), self.path))
        if MODE == "hang":
            time.sleep(3600)
            return
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


class Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 256


Server(("127.0.0.1", PORT), Receiver).serve_forever()
